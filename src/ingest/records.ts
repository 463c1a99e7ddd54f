import { Readable } from 'node:stream';
import { type CsvError, parse } from 'csv-parse';
import type { LocalizedMessage } from '../core/errors.js';
import { msg } from '../core/messages.js';
import { keptRawChars, maxRecordChars, type OversizedRecord, RecordLengthGuard } from './record-length-guard.js';
import type { FileFormat } from './types.js';

/**
 * One record of the source file, before columns are mapped to fields. An
 * `oversized` record is longer than `maxRecordChars`, and its `raw` is only
 * the start of the record.
 */
export type SourceRecord =
  | { type: 'cells'; line: number; raw: string; cells: string[] }
  | { type: 'object'; line: number; raw: string; value: Record<string, unknown> }
  | { type: 'broken'; line: number; raw: string; message: LocalizedMessage }
  | ({ type: 'oversized'; line: number; raw: string } & Omit<OversizedRecord, 'rawStart' | 'quoteOpen'>);

/**
 * Reads records from text whose line ends are already `\n`. Each record
 * carries the physical line it starts on, so messages point at the line an
 * operator sees in an editor even when quoted fields span several lines.
 * Blank lines and rows of empty cells are skipped.
 */
export function readRecords(format: FileFormat, text: AsyncIterable<string>): AsyncIterable<SourceRecord> {
  return format === 'jsonl' ? readJsonLines(text) : readDelimited(text, format === 'tsv' ? '\t' : ',');
}

interface ParsedRecord {
  record: string[];
  raw: string;
  info: { lines: number };
}

interface SkippedRecord {
  line: number;
  raw: string;
  message: LocalizedMessage;
}

/** Strips the blank lines csv-parse puts in front of a record and its own line end. */
function trimRaw(raw: string): string {
  return raw.replace(/^\n+/, '').replace(/\n$/, '');
}

/** csv-parse reports the line a record ends on; the start is that minus the line breaks inside it. */
function startLine(endLine: number, trimmedRaw: string): number {
  let breaks = 0;
  for (let i = trimmedRaw.indexOf('\n'); i >= 0; i = trimmedRaw.indexOf('\n', i + 1)) breaks += 1;
  return endLine - breaks;
}

function unclosedQuoteMessage(line: number): LocalizedMessage {
  return msg(
    `第 ${line} 行的双引号没有闭合，从这里到文件末尾都无法读取；请在值的末尾补上双引号，值里的双引号要写成两个（""）`,
    `Line ${line} opens a double quote that is never closed, so the file could not be read from here to the end; close the quote after the value and write quotes inside a value twice ("")`,
  );
}

function describeCsvError(error: CsvError | undefined, line: number): LocalizedMessage {
  if (error?.code === 'CSV_QUOTE_NOT_CLOSED') return unclosedQuoteMessage(line);
  const reason = error?.message ?? 'unknown';
  return msg(`第 ${line} 行无法解析：${reason}`, `Line ${line} could not be parsed: ${reason}`);
}

/** Marks the kept start of an over-long row in its rejects-file entry. */
function truncatedRaw(rawStart: string): string {
  return `${rawStart}…`;
}

function oversizedRecord(line: number, oversized: OversizedRecord): SourceRecord {
  const raw = truncatedRaw(oversized.rawStart);
  if (oversized.quoteOpen) return { type: 'broken', line, raw, message: unclosedQuoteMessage(line) };
  return {
    type: 'oversized',
    line,
    raw,
    chars: oversized.chars,
    longestColumn: oversized.longestColumn,
    longestColumnChars: oversized.longestColumnChars,
  };
}

async function* readDelimited(text: AsyncIterable<string>, delimiter: string): AsyncGenerator<SourceRecord> {
  const skipped: SkippedRecord[] = [];
  const guard = new RecordLengthGuard(delimiter);
  const parser = parse({
    delimiter,
    record_delimiter: '\n',
    // A quote inside an unquoted value (`12" pizza`) is kept as text.
    relax_quotes: true,
    relax_column_count: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    // There is no max_record_size because the guard keeps records short, and
    // csv-parse's own check loses the rows after a long one (see RecordLengthGuard).
    raw: true,
    info: true,
    on_skip: (error, raw) => {
      const trimmed = trimRaw(raw ?? '');
      const endLine = typeof error?.lines === 'number' ? error.lines : 0;
      const line = startLine(endLine, trimmed);
      skipped.push({ line, raw: trimmed, message: describeCsvError(error, line) });
      return undefined;
    },
  });
  const source = Readable.from(guard.guard(text));
  source.on('error', (error) => parser.destroy(error));
  source.pipe(parser);

  // csv-parse reports skipped records through a callback, possibly before
  // records that precede them have been consumed here; emit them in line order.
  const takeSkippedBefore = function* (line: number): Generator<SourceRecord> {
    skipped.sort((a, b) => a.line - b.line);
    while (skipped.length > 0 && skipped[0]!.line < line) {
      const next = skipped.shift()!;
      yield { type: 'broken', ...next };
    }
  };

  for await (const parsed of parser as AsyncIterable<ParsedRecord>) {
    const raw = trimRaw(parsed.raw);
    const line = startLine(parsed.info.lines, raw);
    yield* takeSkippedBefore(line);
    if (RecordLengthGuard.isPlaceholder(parsed.record)) {
      yield oversizedRecord(line, guard.takeOversized()!);
      continue;
    }
    if (parsed.record.every((cell) => cell.trim() === '')) continue;
    yield { type: 'cells', line, raw, cells: parsed.record };
  }
  yield* takeSkippedBefore(Number.POSITIVE_INFINITY);
}

function parseJsonLine(line: number, raw: string): SourceRecord {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const hint =
      line === 1 && raw.trimStart().startsWith('[')
        ? msg('这像是 JSON 数组；JSONL 要求每行一个 JSON 对象', 'this looks like a JSON array; JSONL needs one JSON object per line')
        : msg('每行应是一个完整的 JSON 对象', 'each line must be one complete JSON object');
    return {
      type: 'broken',
      line,
      raw,
      message: msg(`第 ${line} 行不是有效的 JSON（${reason}）；${hint.zh}`, `Line ${line} is not valid JSON (${reason}); ${hint.en}`),
    };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return {
      type: 'broken',
      line,
      raw,
      message: msg(
        `第 ${line} 行是 JSON 值但不是对象；每行应是一个 {"字段": 值} 形式的对象`,
        `Line ${line} is a JSON value but not an object; each line must be an object like {"field": value}`,
      ),
    };
  }
  return { type: 'object', line, raw, value: value as Record<string, unknown> };
}

/**
 * Reads JSONL lines. A line longer than `maxRecordChars` is not held whole:
 * only its start is kept, and it comes out as an `oversized` record.
 */
async function* readJsonLines(text: AsyncIterable<string>): AsyncGenerator<SourceRecord> {
  let carry = '';
  let overflow: { rawStart: string; chars: number } | undefined;
  let line = 0;
  const append = (piece: string) => {
    if (overflow) {
      overflow.chars += piece.length;
      return;
    }
    carry += piece;
    if (carry.length <= maxRecordChars) return;
    overflow = { rawStart: carry.slice(0, keptRawChars), chars: carry.length };
    carry = '';
  };
  const takeLine = (): SourceRecord | undefined => {
    line += 1;
    let record: SourceRecord | undefined;
    if (overflow) {
      record = { type: 'oversized', line, raw: truncatedRaw(overflow.rawStart), chars: overflow.chars, longestColumn: null, longestColumnChars: 0 };
    } else if (carry.trim() !== '') {
      record = parseJsonLine(line, carry);
    }
    carry = '';
    overflow = undefined;
    return record;
  };

  for await (const chunk of text) {
    const parts = chunk.split('\n');
    for (let i = 0; i < parts.length - 1; i++) {
      append(parts[i]!);
      const record = takeLine();
      if (record) yield record;
    }
    append(parts[parts.length - 1]!);
  }
  const last = takeLine();
  if (last) yield last;
}
