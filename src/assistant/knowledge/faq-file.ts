import { createHash } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { ShopmindError } from '../../core/errors.js';
import type { KbEntryInput } from '../../store/assistant-repositories.js';

/** One rejected row of a FAQ file, with its 1-based line (CSV data row or JSONL line). */
export interface FaqRowError {
  line: number;
  reason: string;
}

export interface FaqFileResult {
  entries: KbEntryInput[];
  errors: FaqRowError[];
}

// Accepted column names; the first of each list is the documented one.
const columnAliases: Record<'id' | 'question' | 'answer' | 'category' | 'alternatives', string[]> = {
  id: ['id', 'faq_id', '编号'],
  question: ['question', 'q', '问题'],
  answer: ['answer', 'a', '答案', '回答'],
  category: ['category', '分类', '类别'],
  alternatives: ['alternatives', 'alternative_questions', 'similar_questions', 'paraphrases', '相似问题', '相似问法'],
};

function pick(record: Record<string, unknown>, field: keyof typeof columnAliases): unknown {
  const keys = Object.keys(record);
  for (const alias of columnAliases[field]) {
    const key = keys.find((k) => k.trim().toLowerCase() === alias);
    if (key !== undefined) return record[key];
  }
  return undefined;
}

function readAlternatives(value: unknown): string[] {
  if (Array.isArray(value)) return value.map((v) => String(v).trim()).filter(Boolean);
  if (typeof value !== 'string') return [];
  return value
    .split(/[|｜;；\n]/)
    .map((v) => v.trim())
    .filter(Boolean);
}

/** Derives a stable id from the question, so re-importing a file without ids updates the same entries. */
export function faqIdFor(question: string): string {
  return `faq:${createHash('sha256').update(question.trim()).digest('hex').slice(0, 12)}`;
}

function toEntry(record: Record<string, unknown>, source: string): KbEntryInput | string {
  const question = String(pick(record, 'question') ?? '').trim();
  const answer = String(pick(record, 'answer') ?? '').trim();
  if (!question) return 'question 为空 / question is empty';
  if (!answer) return 'answer 为空 / answer is empty';
  const rawId = String(pick(record, 'id') ?? '').trim();
  let id = faqIdFor(question);
  if (rawId) id = rawId.startsWith('faq:') ? rawId : `faq:${rawId}`;
  return {
    id,
    kind: 'faq',
    title: question,
    body: answer,
    category: String(pick(record, 'category') ?? '').trim(),
    alternatives: readAlternatives(pick(record, 'alternatives')),
    source,
  };
}

/**
 * Parses FAQ pairs from CSV or JSONL. A CSV file has a header row with
 * question, answer and the optional id, category and alternatives (separated
 * by `|`). A JSONL file has one object per line with the same fields, where
 * alternatives may be an array. Bad rows are reported, not thrown, but a CSV
 * file without question and answer columns is an error.
 */
export function parseFaqText(text: string, format: 'csv' | 'jsonl', source: string): FaqFileResult {
  const clean = text.replace(/^\uFEFF/, '');
  const entries: KbEntryInput[] = [];
  const errors: FaqRowError[] = [];
  const add = (record: Record<string, unknown>, line: number) => {
    const entry = toEntry(record, source);
    if (typeof entry === 'string') errors.push({ line, reason: entry });
    else entries.push(entry);
  };

  if (format === 'jsonl') {
    clean.split(/\r?\n/).forEach((line, index) => {
      if (line.trim() === '') return;
      try {
        const value: unknown = JSON.parse(line);
        if (value && typeof value === 'object' && !Array.isArray(value)) add(value as Record<string, unknown>, index + 1);
        else errors.push({ line: index + 1, reason: '不是 JSON 对象 / not a JSON object' });
      } catch (error) {
        errors.push({ line: index + 1, reason: `JSON 无效 / invalid JSON: ${(error as Error).message}` });
      }
    });
    return { entries, errors };
  }

  const records = parse(clean, { columns: true, skip_empty_lines: true, relax_column_count: true, trim: true }) as Record<
    string,
    string
  >[];
  const header = Object.keys(records[0] ?? {});
  if (records.length > 0 && (pick(records[0]!, 'question') === undefined || pick(records[0]!, 'answer') === undefined)) {
    throw new ShopmindError(
      'INVALID_FILE',
      {
        zh: `FAQ 文件 ${source} 缺少 question 或 answer 列（现有列：${header.join(', ')}）`,
        en: `FAQ file ${source} has no question or answer column (columns: ${header.join(', ')})`,
      },
      { source, columns: header },
    );
  }
  records.forEach((record, index) => {
    add(record, index + 2);
  });
  return { entries, errors };
}
