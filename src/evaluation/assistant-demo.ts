/**
 * The demo-store evaluation of the assistant: labelled shopper questions
 * (`examples/demo-store/assistant-eval.jsonl`) answered against the demo
 * store loaded into a temporary SQLite file, with the clock at the demo's
 * "today" and no LLM. Two baselines run on the same questions: a keyword
 * intent classifier and retrieval-only answering from the same knowledge base.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AssistantService } from '../assistant/assistant-service.js';
import { fixedClock } from '../core/clock.js';
import { createContext } from '../core/context.js';
import { silentLogger } from '../core/logger.js';
import { msg } from '../core/messages.js';
import { normalizeText } from '../text/index.js';
import { openStore } from '../store/index.js';
import { encoderRetrieverFactory, type HybridKnowledgeRetriever } from '../assistant/knowledge/retriever-factory.js';
import { ShopmindError } from '../core/errors.js';
import type { AssistantEvaluationOptions } from './assistant-eval.js';
import { evaluationEncoder } from './evaluation-encoder.js';
import { keywordIntent, retrievalOnlyAnswer } from './assistant-demo-baselines.js';
import { type AssistantEvalCase, type EvalSplit, evalSplits, readAssistantEvalCases } from './assistant-demo-cases.js';
import { demoStoreNow, loadDemoStore } from './assistant-demo-store.js';
import { binaryCounts, f1Of } from './metrics.js';
import type { EvaluationReport } from './report.js';

const shopId = 'demo';

/** One model's reply to one case, reduced to what is scored. */
interface Prediction {
  intent: string;
  tool?: string;
  text?: string;
  handoff: boolean;
  latencyMs?: number;
}

function contains(text: string, fact: string): boolean {
  return normalizeText(text).includes(normalizeText(fact));
}

function ratio(part: number, whole: number): number {
  return whole === 0 ? 0 : Number((part / whole).toFixed(4));
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/**
 * Scores predictions against the labels. Fact accuracy counts a case as
 * right when every expected fact appears and no forbidden string does. It
 * covers only the cases that have facts or forbidden strings.
 */
export function scoreDemoPredictions(cases: readonly AssistantEvalCase[], predictions: readonly Prediction[]): Record<string, number> {
  let intentRight = 0;
  let toolRight = 0;
  let factCases = 0;
  let factCasesRight = 0;
  let factsFound = 0;
  let factsTotal = 0;
  let leaks = 0;
  cases.forEach((c, i) => {
    const p = predictions[i]!;
    if (p.intent === c.intent) intentRight++;
    if (p.tool === c.tool) toolRight++;
    if (p.text === undefined || (c.facts.length === 0 && c.forbidden.length === 0)) return;
    const found = c.facts.filter((fact) => contains(p.text!, fact)).length;
    const leaked = c.forbidden.filter((word) => contains(p.text!, word)).length;
    factCases++;
    factsFound += found;
    factsTotal += c.facts.length;
    leaks += leaked;
    if (found === c.facts.length && leaked === 0) factCasesRight++;
  });

  const counts = binaryCounts(
    predictions.map((p) => p.handoff),
    cases.map((c) => c.handoff),
  );
  const metrics: Record<string, number> = {
    intent_accuracy: ratio(intentRight, cases.length),
    handoff_precision: ratio(counts.truePositive, counts.truePositive + counts.falsePositive),
    handoff_recall: ratio(counts.truePositive, counts.truePositive + counts.falseNegative),
    handoff_f1: Number(f1Of(counts).toFixed(4)),
  };
  if (predictions.some((p) => p.tool !== undefined)) metrics.tool_accuracy = ratio(toolRight, cases.length);
  if (predictions.some((p) => p.text !== undefined)) {
    metrics.fact_accuracy = ratio(factCasesRight, factCases);
    metrics.fact_recall = ratio(factsFound, factsTotal);
    metrics.forbidden_leaks = leaks;
  }
  const latencies = predictions.flatMap((p) => (p.latencyMs === undefined ? [] : [p.latencyMs]));
  if (latencies.length > 0) {
    metrics.latency_p50_ms = Number(percentile(latencies, 50).toFixed(2));
    metrics.latency_p99_ms = Number(percentile(latencies, 99).toFixed(2));
  }
  return metrics;
}

async function answerCase(service: AssistantService, c: AssistantEvalCase): Promise<Prediction> {
  const ctx = createContext(shopId, { shopperId: c.shopper });
  let conversationId: string | undefined;
  let last: Prediction | undefined;
  for (const message of c.messages) {
    const started = performance.now();
    const answer = await service.chat(ctx, { message, ...(conversationId ? { conversationId } : {}) });
    conversationId = answer.conversationId;
    last = { intent: answer.intent, tool: answer.tool, text: answer.text, handoff: answer.handoff !== undefined, latencyMs: performance.now() - started };
  }
  return last!;
}

/** Runs the demo evaluation; `dataDir` is the demo store folder. */
export async function runDemoEvaluation(options: AssistantEvaluationOptions): Promise<EvaluationReport> {
  const cases = readAssistantEvalCases(options.dataDir);
  const workDir = mkdtempSync(path.join(os.tmpdir(), 'shopmind-assistant-eval-'));
  const store = await openStore(path.join(workDir, 'demo.db'));
  try {
    options.onProgress?.(msg('载入演示店铺', 'loading the demo store'));
    await loadDemoStore(store, shopId, options.dataDir);
    const encoder = await evaluationEncoder(options);
    const service = new AssistantService({
      store,
      logger: silentLogger(),
      clock: fixedClock(demoStoreNow),
      // The evaluation waits for the encoder side, so every question is answered with it.
      ...(encoder ? { retrieverFactory: encoderRetrieverFactory(async () => encoder, { queryBudgetMs: 60_000 }) } : {}),
    });
    if (encoder) {
      options.onProgress?.(msg(`用 ${encoder.name} 编码知识库`, `encoding the knowledge base with ${encoder.name}`));
      const { retriever } = await service.knowledge.snapshot(shopId);
      if (!(await (retriever as HybridKnowledgeRetriever).ready())) {
        throw new ShopmindError('INVALID_CONFIG', {
          zh: `句向量模型 ${encoder.name} 无法编码知识库，请检查 --encoder-dir 或 --embedding-model`,
          en: `sentence encoder ${encoder.name} could not encode the knowledge base; check --encoder-dir or --embedding-model`,
        });
      }
    }

    options.onProgress?.(msg(`回答 ${cases.length} 个问题`, `answering ${cases.length} questions`));
    const shopmind: Prediction[] = [];
    for (const c of cases) shopmind.push(await answerCase(service, c));

    const snapshot = await service.knowledge.snapshot(shopId);
    const keyword = cases.map((c) => {
      const intent = keywordIntent(c.messages.at(-1)!);
      return { intent, handoff: intent === 'handoff' };
    });
    const retrieval: Prediction[] = [];
    for (const c of cases) {
      const answer = await retrievalOnlyAnswer(snapshot.retriever, c.messages.at(-1)!, 0.35);
      retrieval.push({ intent: answer.intent, tool: 'knowledge', text: answer.text, handoff: answer.handoff });
    }

    const predictions: Record<string, Prediction[]> = { shopmind, 'keyword-intent': keyword, 'retrieval-only': retrieval };
    const models: Record<string, Record<string, number>> = {};
    for (const [name, predicted] of Object.entries(predictions)) models[name] = scoreDemoPredictions(cases, predicted);
    const splitCases: Partial<Record<EvalSplit, number>> = {};
    for (const split of evalSplits) {
      const indexes = cases.flatMap((c, i) => (c.split === split ? [i] : []));
      if (indexes.length === 0) continue;
      splitCases[split] = indexes.length;
      const splitOnly = indexes.map((i) => cases[i]!);
      for (const [name, predicted] of Object.entries(predictions)) {
        models[`${name}@${split}`] = scoreDemoPredictions(
          splitOnly,
          indexes.map((i) => predicted[i]!),
        );
      }
    }
    return {
      task: 'assistant',
      dataset: 'demo',
      encoder: encoder ? encoder.name : 'none',
      protocol: `${cases.length} labelled questions on the demo store at ${demoStoreNow}, rules and retrieval only (no LLM); labels are for the last message of each case; "@split" rows score one split: dev was tuned on, holdout and holdout2 were each written after a round of development and not tuned on in it`,
      models,
      cases: cases.length,
      splitCases,
    };
  } finally {
    await store.close();
    rmSync(workDir, { recursive: true, force: true });
  }
}
