import { createReadStream, statSync } from 'node:fs';
import path from 'node:path';
import type { RequestContext } from '../core/context.js';
import { ShopmindError } from '../core/errors.js';
import { msg } from '../core/messages.js';
import type { Store } from '../store/index.js';
import { HeaderLayout, KeyLayout, validateMapping } from './columns.js';
import { TextDecoderStream } from './encoding.js';
import { type MappedRow, rowIssue } from './field-reader.js';
import { formatFromFileName, sniffFormat } from './format.js';
import { createHandler, fieldsOf, type RowHandler } from './handlers.js';
import { keptRawChars, maxRecordChars } from './record-length-guard.js';
import { readRecords, type SourceRecord } from './records.js';
import { RejectsFile } from './rejects.js';
import { ImportTally } from './tally.js';
import type { FileFormat, ImportFileOptions, ImportResult, RowIssue } from './types.js';

const defaultBatchSize = 2000;
const readChunkBytes = 1 << 20;

interface ByteInput {
  chunks: AsyncIterable<Uint8Array>;
  name: string;
  totalBytes: number | null;
  bytesRead(): number;
}

function openInput(options: ImportFileOptions): ByteInput {
  if ((options.path === undefined) === (options.bytes === undefined)) {
    throw new ShopmindError('INVALID_REQUEST', msg('导入需要文件路径或文件内容，且只能给一个', 'An import needs either a file path or the file content, not both'));
  }
  let bytesRead = 0;
  const count = async function* (chunks: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
    for await (const chunk of chunks) {
      bytesRead += chunk.length;
      yield chunk;
    }
  };
  if (options.bytes) {
    const bytes = options.bytes;
    const slices = (function* () {
      for (let at = 0; at < bytes.length; at += readChunkBytes) yield bytes.subarray(at, at + readChunkBytes);
    })();
    return { chunks: count(asAsync(slices)), name: options.fileName ?? '', totalBytes: bytes.length, bytesRead: () => bytesRead };
  }
  const file = options.path!;
  const size = fileSize(file);
  const stream = createReadStream(file, { highWaterMark: readChunkBytes }) as AsyncIterable<Buffer>;
  return { chunks: count(stream), name: file, totalBytes: size, bytesRead: () => bytesRead };
}

async function* asAsync<T>(items: Iterable<T>): AsyncGenerator<T> {
  yield* items;
}

function fileSize(file: string): number {
  let stats: ReturnType<typeof statSync>;
  try {
    stats = statSync(file);
  } catch {
    throw new ShopmindError(
      'FILE_NOT_FOUND',
      { zh: `找不到文件：${file}；请检查路径`, en: `File not found: ${file}; check the path` },
      { path: file },
    );
  }
  if (!stats.isFile()) {
    throw new ShopmindError(
      'INVALID_REQUEST',
      { zh: `${file} 不是文件（是文件夹？）；请指定要导入的文件`, en: `${file} is not a file (a folder?); name the file to import` },
      { path: file },
    );
  }
  return stats.size;
}

/** Splits the first text chunk off an iterable, for sniffing, and returns the whole text again. */
async function peek(text: AsyncIterable<string>): Promise<{ first: string | undefined; all: AsyncIterable<string> }> {
  const iterator = text[Symbol.asyncIterator]();
  const head = await iterator.next();
  const first = head.done ? undefined : head.value;
  const all = (async function* () {
    if (first !== undefined) yield first;
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      yield next.value;
    }
  })();
  return { first, all };
}

function emptyFileError(kind: string, name: string, headerOnly: boolean): ShopmindError {
  const where = name ? `${name} ` : '';
  if (headerOnly) {
    return new ShopmindError(
      'INVALID_FILE',
      {
        zh: `${kind} 文件 ${where}只有表头，没有数据行，未导入任何数据；请确认导出了数据`,
        en: `The ${kind} file ${where}has only a header and no data rows, so nothing was imported; check that the export contains data`,
      },
      { headerOnly: true },
    );
  }
  return new ShopmindError(
    'INVALID_FILE',
    {
      zh: `${kind} 文件 ${where}是空的，未导入任何数据；请确认文件路径和导出内容`,
      en: `The ${kind} file ${where}is empty, so nothing was imported; check the path and the export`,
    },
    { empty: true },
  );
}

function defaultRejectsPath(options: ImportFileOptions): string | null {
  if (options.rejectsPath !== undefined) return options.rejectsPath;
  return options.path ? `${options.path}.rejects.csv` : null;
}

function openRejectsFile(options: ImportFileOptions): RejectsFile | null {
  const target = defaultRejectsPath(options);
  if (target === null) return null;
  if (options.path && path.resolve(target) === path.resolve(options.path)) {
    throw new ShopmindError(
      'INVALID_REQUEST',
      { zh: `拒收行文件不能是导入文件本身：${target}；请换一个 --rejects 路径`, en: `The rejects file cannot be the imported file itself: ${target}; choose another --rejects path` },
      { path: target },
    );
  }
  return new RejectsFile(target);
}

type OversizedSourceRecord = Extract<SourceRecord, { type: 'oversized' }>;

function count(n: number): string {
  return n.toLocaleString('en-US');
}

/** Names the column that made a row too long, e.g. `列 description（商品描述）`, or the whole row. */
function oversizedSubject(header: HeaderLayout | undefined, index: number | null): { zh: string; en: string } {
  const column = index === null ? undefined : header?.header[index];
  if (column === undefined) return { zh: '这一行', en: 'the row' };
  const field = header!.fieldAt(index!);
  if (field === undefined || field === column) return { zh: `列 ${column} `, en: `column ${column}` };
  return { zh: `列 ${field}（${column}）`, en: `column ${field} (${column})` };
}

function oversizedIssue(record: OversizedSourceRecord, header: HeaderLayout | undefined): RowIssue {
  const longest = record.longestColumn === null ? null : record.longestColumnChars;
  const subject = oversizedSubject(header, record.longestColumn);
  const length = longest ?? record.chars;
  return {
    field: record.longestColumn === null ? null : (header?.fieldAt(record.longestColumn) ?? null),
    column: record.longestColumn === null ? null : (header?.header[record.longestColumn] ?? null),
    value: null,
    message: msg(
      `${subject.zh}有 ${count(length)} 个字符，超过每行 ${count(maxRecordChars)} 个字符的上限；请缩短后重新导入（拒收行文件只保留这一行的前 ${count(keptRawChars)} 个字符）`,
      `${subject.en} is ${count(length)} characters, over the limit of ${count(maxRecordChars)} characters per row; shorten it and import again (the rejects file keeps only the first ${count(keptRawChars)} characters of this row)`,
    ),
  };
}

/** A record that cannot become a row: a parse error, a wrong number of values or an over-long row. */
interface UnmappableRow {
  line: number;
  raw: string;
  issues: RowIssue[];
}

/** Turns source records into mapped rows, taking the header (CSV/TSV) or the first object (JSONL) as the layout. */
class RowMapper {
  private header: HeaderLayout | undefined;
  private readonly keys: KeyLayout | undefined;
  private firstObjectSeen = false;
  private readonly objectFields = new Set<string>();

  constructor(
    private readonly kind: string,
    private readonly format: FileFormat,
    private readonly handler: RowHandler,
    private readonly mapping: Map<string, string>,
  ) {
    if (format === 'jsonl') this.keys = new KeyLayout(kind, handler.fields, mapping);
  }

  get sawHeader(): boolean {
    return this.header !== undefined;
  }

  get ignoredColumns(): string[] {
    return this.header?.ignoredColumns ?? this.keys?.ignoredColumns ?? [];
  }

  /** Reports whether the header has a column for `field` or, for JSONL, whether any object had its key. */
  hasField(field: string): boolean {
    return this.header ? this.header.has(field) : this.objectFields.has(field);
  }

  /** Returns the mapped row, null for the header, or a list of issues for a row that cannot be mapped. */
  map(record: SourceRecord): MappedRow | UnmappableRow | null {
    if (record.type === 'broken') {
      if (this.format !== 'jsonl' && !this.header) throw new ShopmindError('INVALID_FILE', record.message, { line: record.line });
      return { line: record.line, raw: record.raw, issues: [rowIssue(record.message)] };
    }
    if (record.type === 'object') return this.mapObject(record);
    if (record.type === 'oversized') return this.mapOversized(record);
    if (!this.header) {
      this.header = HeaderLayout.resolve(this.kind, this.handler.fields, record.cells, this.mapping);
      return null;
    }
    return this.mapCells(this.header, record);
  }

  private mapOversized(record: OversizedSourceRecord): UnmappableRow {
    if (this.format !== 'jsonl' && !this.header) {
      throw new ShopmindError(
        'INVALID_FILE',
        msg(
          `第 ${record.line} 行（表头）有 ${count(record.chars)} 个字符，超过 ${count(maxRecordChars)} 个字符的上限；请确认这是 ${this.kind} 的 CSV/TSV 文件`,
          `The header on line ${record.line} is ${count(record.chars)} characters, over the limit of ${count(maxRecordChars)}; check that this is a CSV/TSV file of ${this.kind}`,
        ),
        { line: record.line, chars: record.chars },
      );
    }
    return { line: record.line, raw: record.raw, issues: [oversizedIssue(record, this.header)] };
  }

  private mapObject(record: Extract<SourceRecord, { type: 'object' }>): MappedRow {
    if (!this.firstObjectSeen) {
      this.keys!.checkFirst(record.value);
      this.firstObjectSeen = true;
    }
    const { values, columns } = this.keys!.valuesOf(record.value);
    for (const field of values.keys()) this.objectFields.add(field);
    return { line: record.line, raw: record.raw, values, columnOf: (field) => columns.get(field) ?? field };
  }

  private mapCells(header: HeaderLayout, record: Extract<SourceRecord, { type: 'cells' }>): MappedRow | UnmappableRow {
    if (record.cells.length !== header.width) {
      const separator = this.format === 'tsv' ? msg('制表符', 'tab') : msg('逗号', 'comma');
      return {
        line: record.line,
        raw: record.raw,
        issues: [
          rowIssue(
            msg(
              `有 ${record.cells.length} 个值，但表头有 ${header.width} 列；值里含${separator.zh}时要用双引号把整个值括起来`,
              `has ${record.cells.length} values but the header has ${header.width} columns; a value that contains a ${separator.en} must be wrapped in double quotes`,
            ),
          ),
        ],
      };
    }
    return { line: record.line, raw: record.raw, values: header.valuesOf(record.cells), columnOf: (field) => header.columnOf(field) };
  }
}

/**
 * Imports one CSV, TSV or JSONL file of products, users, events or orders
 * into the shop of `ctx`. The file is streamed: rows are validated one by
 * one and upserted in batches, so memory stays flat except for the id index
 * used to report duplicates. Invalid rows are values in the result and lines
 * in the rejects file. Only problems with the whole file raise a
 * ShopmindError: not found, empty, header only, a required column missing,
 * or bytes that do not decode. The first four are found before any row is
 * written. Undecodable bytes deep in a file stop the import after the
 * batches before them were written. Importing the same file again changes
 * nothing, because every record is upserted by id. A stored record keeps
 * its values in the fields the file has no column for (`absentFields`),
 * while a new record gets their defaults.
 *
 * @example
 * const result = await importFile(ctx, store, { kind: 'products', path: 'products.csv', mapping: { title: '商品名称' } });
 */
export async function importFile(ctx: RequestContext, store: Store, options: ImportFileOptions): Promise<ImportResult> {
  const started = performance.now();
  const input = openInput(options);
  const decoded = new TextDecoderStream(input.chunks, options.encoding);
  const { first, all } = await peek(decoded);
  if (first === undefined) throw emptyFileError(options.kind, input.name, false);
  const format = options.format ?? formatFromFileName(input.name) ?? sniffFormat(first);

  const mapping = validateMapping(options.kind, fieldsOf(options.kind, format), options.mapping);
  const rejects = openRejectsFile(options);
  const tally = new ImportTally(rejects, input.totalBytes, options.onProgress);
  await store.ensureShop(ctx.shopId);
  const handler = createHandler(options.kind, format, { ctx, store, batchSize: options.batchSize ?? defaultBatchSize, tally });
  const mapper = new RowMapper(options.kind, format, handler, mapping);

  try {
    for await (const record of readRecords(format, all)) {
      const row = mapper.map(record);
      if (row === null) continue;
      tally.countRow(input.bytesRead());
      if ('issues' in row) await tally.reject(row.line, row.raw, row.issues);
      else await handler.handle(row);
    }
    if (tally.read === 0) throw emptyFileError(options.kind, input.name, mapper.sawHeader);
    await handler.finish();
  } catch (error) {
    await rejects?.close().catch(() => undefined);
    throw error;
  }

  const rejectsPath = (await rejects?.close()) ?? null;
  tally.report(input.bytesRead());
  return {
    kind: options.kind,
    format,
    encoding: decoded.encoding,
    read: tally.read,
    imported: tally.read - tally.rejected - tally.duplicates,
    rejected: tally.rejected,
    duplicates: tally.duplicates,
    stored: handler.stored,
    rejectedRows: tally.rejectedRows,
    duplicateRows: tally.duplicateRows,
    ignoredColumns: mapper.ignoredColumns,
    absentFields: Object.keys(handler.updateTargets).filter((field) => !mapper.hasField(field)),
    rejectsPath,
    elapsedMs: Math.round(performance.now() - started),
  };
}
