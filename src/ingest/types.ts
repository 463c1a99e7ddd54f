import type { LocalizedMessage } from '../core/errors.js';

export const recordKinds = ['products', 'users', 'events', 'orders'] as const;

/** Kind of records a file contains. Each kind has its own default columns. */
export type RecordKind = (typeof recordKinds)[number];

export const datasetKinds = ['amazon-games', 'online-retail'] as const;

/** Public dataset layouts read by the adapters in `adapters/`. */
export type DatasetKind = (typeof datasetKinds)[number];

export const fileFormats = ['csv', 'tsv', 'jsonl'] as const;

export type FileFormat = (typeof fileFormats)[number];

/**
 * Text encodings the importer reads. GBK is decoded as its superset GB18030.
 * Big5 and Shift-JIS are read only when named, never detected.
 */
export type TextEncoding = 'utf-8' | 'gbk' | 'big5' | 'shift_jis' | 'utf-16le' | 'utf-16be';

export const textEncodings: readonly TextEncoding[] = ['utf-8', 'gbk', 'big5', 'shift_jis', 'utf-16le', 'utf-16be'];

/** Counters reported while a file is being imported. */
export interface ImportProgress {
  /** Data rows read so far (the header row is not counted). */
  rowsRead: number;
  rejected: number;
  duplicates: number;
  bytesRead: number;
  /** Size of the input in bytes, or null when it is not known. */
  totalBytes: number | null;
}

export interface ImportFileOptions {
  kind: RecordKind;
  /** File to read. Exactly one of `path` and `bytes` must be given. */
  path?: string;
  /** The file's content, for callers that already hold it (the HTTP route). */
  bytes?: Uint8Array;
  /** Name used to detect the format when `bytes` are given. */
  fileName?: string;
  /** Overrides detection from the file extension and content. */
  format?: FileFormat;
  /** Overrides detection (UTF-8 with or without BOM, then GBK). */
  encoding?: TextEncoding;
  /** Target field to source column, e.g. `{ title: '商品名称' }`. */
  mapping?: Record<string, string>;
  /**
   * Path of the CSV file (line, reason, raw) for rejected rows. Defaults to
   * `<path>.rejects.csv` for files. With `null`, or with `bytes` and no path
   * given, no file is written. The file is created only when a row is rejected.
   */
  rejectsPath?: string | null;
  /** Rows per upsert batch. Default 2000. */
  batchSize?: number;
  onProgress?: (progress: ImportProgress) => void;
}

/** One problem found in a row, tied to the column it came from when there is one. */
export interface RowIssue {
  /** Target field, e.g. `price`, or null for problems with the whole row. */
  field: string | null;
  /** Column name as written in the file, e.g. `售价`. */
  column: string | null;
  /** The rejected value as text (personal data masked), or null when it was missing. */
  value: string | null;
  message: LocalizedMessage;
}

export interface RejectedRow {
  /** Physical line in the file where the row starts (1-based, the header is line 1 in CSV). */
  line: number;
  /** Every issue of the row in one message, starting with the line number. */
  message: LocalizedMessage;
  issues: RowIssue[];
}

/** A valid row replaced by a later row with the same id in the same file. */
export interface DuplicateRow {
  /** Line of the superseded row, or null when it is no longer known (see `OrderAssembler`). */
  line: number | null;
  id: string;
  /** Line of the row that was kept. */
  keptLine: number;
}

export interface ImportResult {
  kind: RecordKind;
  format: FileFormat;
  encoding: TextEncoding;
  /** Data rows read, excluding the header and blank lines. */
  read: number;
  /** Rows whose data is now in the store: read − rejected − duplicates. */
  imported: number;
  rejected: number;
  duplicates: number;
  /** Records written: products, users, events or orders (an order may span several rows). */
  stored: number;
  /** The first rejected rows (at most 100), in the order they were found. */
  rejectedRows: RejectedRow[];
  /** The first superseded duplicates (at most 100). */
  duplicateRows: DuplicateRow[];
  /** Source columns that no field reads, so an operator can spot a missing `--map`. */
  ignoredColumns: string[];
  /**
   * Optional fields the file has no column for (for JSONL: that no line
   * has). Stored records keep their values in them; new ones get defaults.
   */
  absentFields: string[];
  /** Path of the file with every rejected row, or null when no row was rejected or no file was requested. */
  rejectsPath: string | null;
  elapsedMs: number;
}

export interface DatasetImportOptions {
  dataset: DatasetKind;
  /** Folder (amazon-games), or CSV file or a folder that contains exactly one (online-retail). */
  path: string;
  batchSize?: number;
  onProgress?: (progress: DatasetProgress) => void;
}

export interface DatasetProgress {
  /** Record type being written. */
  stage: 'products' | 'users' | 'events' | 'orders';
  done: number;
  total: number;
}

export interface DatasetImportResult {
  dataset: DatasetKind;
  products: number;
  users: number;
  events: number;
  orders: number;
  /** Orders that are returns (cancelled invoices or negative quantities). */
  returns: number;
  elapsedMs: number;
}
