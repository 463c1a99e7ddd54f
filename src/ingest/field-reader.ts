import type { LocalizedMessage } from '../core/errors.js';
import { msg } from '../core/messages.js';
import { maskPii } from '../core/pii.js';
import type { RowIssue } from './types.js';
import {
  isBlank,
  type Parsed,
  parseAttributes,
  parseBoolean,
  parseIdentifier,
  parseNumber,
  parseTimestamp,
  stringify,
} from './values.js';

/** A source row after its columns were matched to fields. */
export interface MappedRow {
  line: number;
  raw: string;
  values: Map<string, unknown>;
  /** The column name as written in the file, for messages. */
  columnOf(field: string): string;
}

const displayedValueChars = 80;

/** Formats a value for a message: personal data masked, long text shortened. */
function displayValue(value: unknown): string {
  const text = maskPii(stringify(value)).text;
  return text.length > displayedValueChars ? `${text.slice(0, displayedValueChars)}…` : text;
}

/** Builds the message of one issue, e.g. `列 price（售价）的值 "abc" 不是数字…`. */
function issueMessage(field: string, column: string, value: string | null, problem: LocalizedMessage): LocalizedMessage {
  const zhColumn = column === field ? `列 ${field} ` : `列 ${field}（${column}）`;
  const enColumn = column === field ? `column ${field}` : `column ${field} (${column})`;
  if (value === null) return msg(`${zhColumn}${problem.zh}`, `${enColumn} ${problem.en}`);
  return msg(`${zhColumn}的值 "${value}" ${problem.zh}`, `${enColumn} value "${value}" ${problem.en}`);
}

/** Joins a rejected row's issues into one message that starts with its line number. */
export function rowMessage(line: number, issues: readonly RowIssue[]): LocalizedMessage {
  return msg(`第 ${line} 行：${issues.map((issue) => issue.message.zh).join('；')}`, `Line ${line}: ${issues.map((issue) => issue.message.en).join('; ')}`);
}

export function rowIssue(message: LocalizedMessage): RowIssue {
  return { field: null, column: null, value: null, message };
}

const required = msg('为空；这是必填项，请填写', 'is empty; it is required, fill it in');

/**
 * Reads typed fields from one row and collects every problem instead of
 * stopping at the first, so one rejects-file entry lists all fixes a row needs.
 */
export class FieldReader {
  readonly issues: RowIssue[] = [];

  constructor(private readonly row: MappedRow) {}

  get line(): number {
    return this.row.line;
  }

  has(field: string): boolean {
    return !isBlank(this.row.values.get(field));
  }

  value(field: string): unknown {
    return this.row.values.get(field);
  }

  fail(field: string, value: unknown, problem: LocalizedMessage): void {
    const column = this.row.columnOf(field);
    const displayed = isBlank(value) ? null : displayValue(value);
    this.issues.push({ field, column, value: displayed, message: issueMessage(field, column, displayed, problem) });
  }

  /** Trimmed text; '' when blank (an issue when `required`). */
  text(field: string, options: { required?: boolean } = {}): string {
    const value = this.row.values.get(field);
    if (isBlank(value)) {
      if (options.required) this.fail(field, value, required);
      return '';
    }
    if (typeof value === 'object') {
      this.fail(field, value, msg('应是文字，不能是对象或数组', 'must be text, not an object or array'));
      return '';
    }
    return stringify(value).trim();
  }

  /** Trimmed text, or null when blank. */
  optionalText(field: string): string | null {
    const text = this.text(field);
    return text === '' ? null : text;
  }

  /** Reads an id; a blank required id is an issue. */
  id(field: string, options: { required: boolean }): string {
    const value = this.row.values.get(field);
    if (isBlank(value)) {
      if (options.required) this.fail(field, value, required);
      return '';
    }
    return this.parsed(field, value, parseIdentifier(value)) ?? '';
  }

  number(field: string, options: { required?: boolean; integer?: boolean; min?: number; fallback?: number } = {}): number {
    const value = this.row.values.get(field);
    if (isBlank(value)) {
      if (options.required) this.fail(field, value, required);
      return options.fallback ?? 0;
    }
    return this.parsed(field, value, parseNumber(value, options)) ?? options.fallback ?? 0;
  }

  boolean(field: string, fallback: boolean): boolean {
    const value = this.row.values.get(field);
    if (isBlank(value)) return fallback;
    return this.parsed(field, value, parseBoolean(value)) ?? fallback;
  }

  /** ISO-8601 UTC time, or null when blank and not required. */
  timestamp(field: string, options: { required?: boolean } = {}): string | null {
    const value = this.row.values.get(field);
    if (isBlank(value)) {
      if (options.required) this.fail(field, value, required);
      return null;
    }
    return this.parsed(field, value, parseTimestamp(value)) ?? null;
  }

  attributes(field: string): Record<string, string> {
    const value = this.row.values.get(field);
    if (isBlank(value)) return {};
    return this.parsed(field, value, parseAttributes(value)) ?? {};
  }

  private parsed<T>(field: string, value: unknown, result: Parsed<T>): T | undefined {
    if (result.ok) return result.value;
    this.fail(field, value, result.problem);
    return undefined;
  }
}

/** Wraps a nested JSON object (an order line) as a row whose columns read like `lines[2].quantity`. */
export function nestedRow(parent: MappedRow, prefix: string, object: Record<string, unknown>, normalize: (key: string) => string): MappedRow {
  const values = new Map<string, unknown>();
  const keys = new Map<string, string>();
  for (const [key, value] of Object.entries(object)) {
    const field = normalize(key);
    values.set(field, value);
    keys.set(field, key);
  }
  return {
    line: parent.line,
    raw: parent.raw,
    values,
    columnOf: (field) => `${prefix}.${keys.get(field) ?? field}`,
  };
}
