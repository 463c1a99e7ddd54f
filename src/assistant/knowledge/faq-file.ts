import { createHash } from 'node:crypto';
import { type CsvError, parse } from 'csv-parse/sync';
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

interface ParsedFaqRecord {
  record: Record<string, string>;
  raw: string;
  info: { lines: number };
}

/** csv-parse reports the line a record ends on; the start is that minus the line breaks inside it. */
function recordStartLine(endLine: number, raw: string): number {
  const trimmed = raw.replace(/^\n+/, '').replace(/\n$/, '');
  return endLine - (trimmed.match(/\n/g)?.length ?? 0);
}

function unreadableCsv(source: string, line: number, cause: unknown): ShopmindError {
  return new ShopmindError(
    'INVALID_FILE',
    {
      zh: `FAQ 文件 ${source} 第 ${line} 行的双引号没有闭合，从这里到文件末尾都无法读取；请在值的末尾补上双引号，值里的双引号要写成两个（""），然后重新导入`,
      en: `Line ${line} of the FAQ file ${source} opens a double quote that is never closed, so the file cannot be read from there on; close the quote after the value, write quotes inside a value twice (""), and import again`,
    },
    { source, line },
    { cause },
  );
}

/**
 * Reads the CSV records with their start lines. A quote inside an unquoted
 * value (`我家"小熊"`) is kept as text. A quote that opens a value and is
 * never closed raises INVALID_FILE naming its line.
 */
function parseFaqCsv(text: string, source: string): ParsedFaqRecord[] {
  let unclosed: { line: number; error: CsvError | undefined } | undefined;
  const records = parse(text, {
    columns: true,
    skip_empty_lines: true,
    relax_column_count: true,
    relax_quotes: true,
    trim: true,
    info: true,
    raw: true,
    skip_records_with_error: true,
    on_skip: (error, raw) => {
      unclosed ??= { line: recordStartLine(typeof error?.lines === 'number' ? error.lines : 0, raw ?? ''), error };
      return undefined;
    },
  }) as ParsedFaqRecord[];
  if (unclosed) throw unreadableCsv(source, unclosed.line, unclosed.error);
  return records;
}

function emptyFaqFile(source: string, headerOnly: boolean): ShopmindError {
  if (headerOnly) {
    return new ShopmindError(
      'INVALID_FILE',
      {
        zh: `FAQ 文件 ${source} 只有表头，没有问答行，知识库没有改动；请在表头下每行写一个问答（question,answer）`,
        en: `The FAQ file ${source} has only a header and no question-answer rows, so the knowledge base was not changed; add one row per pair (question,answer) under the header`,
      },
      { source, headerOnly: true },
    );
  }
  return new ShopmindError(
    'INVALID_FILE',
    {
      zh: `FAQ 文件 ${source} 是空的，知识库没有改动；请确认文件路径和内容`,
      en: `The FAQ file ${source} is empty, so the knowledge base was not changed; check the path and the content`,
    },
    { source, empty: true },
  );
}

/**
 * Parses FAQ pairs from CSV or JSONL text with `\n` line ends. A CSV file
 * has a header row with question, answer and the optional id, category and
 * alternatives (separated by `|`). A JSONL file has one object per line
 * with the same fields, where alternatives may be an array. Bad rows are
 * reported with their line, not thrown. An empty file, a CSV file with only
 * a header or without question and answer columns, and an unclosed quote
 * raise INVALID_FILE.
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
  if (clean.trim() === '') throw emptyFaqFile(source, false);

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

  const records = parseFaqCsv(clean, source);
  if (records.length === 0) throw emptyFaqFile(source, true);
  const first = records[0]!.record;
  if (pick(first, 'question') === undefined || pick(first, 'answer') === undefined) {
    const header = Object.keys(first);
    throw new ShopmindError(
      'INVALID_FILE',
      {
        zh: `FAQ 文件 ${source} 缺少 question 或 answer 列（现有列：${header.join(', ')}）`,
        en: `FAQ file ${source} has no question or answer column (columns: ${header.join(', ')})`,
      },
      { source, columns: header },
    );
  }
  for (const parsed of records) add(parsed.record, recordStartLine(parsed.info.lines, parsed.raw));
  return { entries, errors };
}
