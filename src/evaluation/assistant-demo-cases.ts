import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { intents } from '../assistant/dialogue/intents.js';
import { ShopmindError } from '../core/errors.js';

const toolNames = [
  'order_status',
  'logistics_tracking',
  'return_eligibility',
  'product_facts',
  'knowledge',
  'handoff',
  'refusal',
  'clarification',
  'none',
] as const;

/** Splits of the labelled questions, in the order the report lists them. */
export const evalSplits = ['dev', 'holdout', 'holdout2'] as const;

export type EvalSplit = (typeof evalSplits)[number];

const caseSchema = z.object({
  id: z.string().min(1),
  shopper: z.string().min(1),
  /** The shopper's messages in order; the labels describe the reply to the last one. */
  messages: z.array(z.string().min(1)).min(1),
  intent: z.enum(intents as [string, ...string[]]),
  tool: z.enum(toolNames),
  /** Strings the reply must contain (tracking numbers, dates, prices, decisions). */
  facts: z.array(z.string().min(1)),
  /** Strings the reply must not contain, e.g. another shopper's tracking number. */
  forbidden: z.array(z.string().min(1)).default([]),
  handoff: z.boolean(),
  /**
   * `dev` cases were used while building the assistant. `holdout` and
   * `holdout2` were each written after a round of development and were not
   * tuned on in that round.
   */
  split: z.enum(evalSplits).default('dev'),
  note: z.string().optional(),
});

export type AssistantEvalCase = z.infer<typeof caseSchema>;

export const demoDatasetFile = 'assistant-eval.jsonl';

/** Reads the labelled questions; a bad line is an error naming its number and field. */
export function readAssistantEvalCases(dataDir: string): AssistantEvalCase[] {
  const file = path.join(dataDir, demoDatasetFile);
  if (!existsSync(file)) {
    throw new ShopmindError(
      'DATASET_NOT_FOUND',
      {
        zh: `找不到 ${file}：demo 评测需要演示店铺目录（含 ${demoDatasetFile}），请用 --data-dir examples/demo-store 指向它`,
        en: `${file} not found: the demo evaluation needs the demo store folder holding ${demoDatasetFile}; pass --data-dir examples/demo-store`,
      },
      { file },
    );
  }
  return readFileSync(file, 'utf8')
    .split('\n')
    .map((line, index) => ({ line, number: index + 1 }))
    .filter(({ line }) => line.trim() !== '')
    .map(({ line, number }) => {
      const parsed = caseSchema.safeParse(JSON.parse(line));
      if (!parsed.success) {
        const problem = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
        throw new ShopmindError(
          'INVALID_FILE',
          { zh: `${file} 第 ${number} 行无效：${problem}`, en: `${file} line ${number} is invalid: ${problem}` },
          { file, line: number },
        );
      }
      return parsed.data;
    });
}
