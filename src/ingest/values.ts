import type { LocalizedMessage } from '../core/errors.js';
import { msg } from '../core/messages.js';

/** A parsed value, or why the source value is invalid and how to fix it. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; problem: LocalizedMessage };

function ok<T>(value: T): Parsed<T> {
  return { ok: true, value };
}

function invalid(zh: string, en: string): Parsed<never> {
  return { ok: false, problem: msg(zh, en) };
}

/** True for the values that count as "no value": absent, null and blank text. */
export function isBlank(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

const trueWords = new Set(['1', 'true', 't', 'yes', 'y', 'on', '是', '上架', '在售', '有', '√']);
const falseWords = new Set(['0', 'false', 'f', 'no', 'n', 'off', '否', '下架', '停售', '无', '×']);

export function parseBoolean(value: unknown): Parsed<boolean> {
  if (typeof value === 'boolean') return ok(value);
  const word = String(value).trim().toLowerCase();
  if (trueWords.has(word)) return ok(true);
  if (falseWords.has(word)) return ok(false);
  return invalid('不是是/否值，请写 1/0、true/false 或 是/否', 'is not a yes/no value; write 1/0, true/false or 是/否');
}

/**
 * Reads a number written the way shop exports write prices: full-width
 * digits, a currency sign (¥ ￥ $), a trailing 元 and thousands separators
 * (`1,299.00`) are accepted.
 */
export function parseNumber(value: unknown, options: { integer?: boolean; min?: number } = {}): Parsed<number> {
  let number: number;
  if (typeof value === 'number') {
    number = value;
  } else if (typeof value === 'string') {
    const text = value
      .normalize('NFKC')
      .trim()
      .replace(/^[¥$€£]\s*/, '')
      .replace(/\s*元$/, '');
    const plain = /^[-+]?\d{1,3}(,\d{3})+(\.\d+)?$/.test(text) ? text.replaceAll(',', '') : text;
    number = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(plain) ? Number(plain) : Number.NaN;
  } else {
    number = Number.NaN;
  }
  if (!Number.isFinite(number)) return invalid('不是数字，请写成 59.90 这样的数字', 'is not a number; write a number such as 59.90');
  if (options.integer && !Number.isInteger(number)) return invalid('不是整数，请写成 12 这样的整数', 'is not a whole number; write a whole number such as 12');
  if (options.min !== undefined && number < options.min) {
    return invalid(`不能小于 ${options.min}，请改为 ${options.min} 或更大的数`, `must not be less than ${options.min}; use ${options.min} or more`);
  }
  return ok(number);
}

// ISO-8601 and the forms spreadsheets write: 2024-03-05, 2024/3/5 9:05,
// 2024-03-05 09:05:00.123, 2024-03-05T09:05:00+08:00.
const dateTimePattern =
  /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ]+(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/** Years accepted as real shop data; anything outside is likely an Excel serial day number or a typo. */
const earliestYear = 1990;
const latestYear = 2100;

const timestampFix = {
  zh: '请写成 2024-03-05 14:30:00（按 UTC）、带时区的 2024-03-05T14:30:00+08:00，或 Unix 秒/毫秒时间戳',
  en: 'write it as 2024-03-05 14:30:00 (read as UTC), 2024-03-05T14:30:00+08:00 with an offset, or Unix seconds/milliseconds',
};

function offsetMinutes(zone: string | undefined): number {
  if (!zone || zone.toUpperCase() === 'Z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || '0'));
}

function fromCalendar(match: RegExpMatchArray): number | undefined {
  const [, year, month, day, hour = '0', minute = '0', second = '0', fraction = '', zone] = match;
  const parts = [Number(year), Number(month), Number(day), Number(hour), Number(minute), Number(second)] as const;
  const millis = Number(fraction.padEnd(3, '0').slice(0, 3));
  const utc = Date.UTC(parts[0], parts[1] - 1, parts[2], parts[3], parts[4], parts[5], millis);
  const check = new Date(utc);
  // Date.UTC rolls 2024-02-30 over to March; a rolled-over date is invalid input.
  const exact =
    check.getUTCFullYear() === parts[0] &&
    check.getUTCMonth() === parts[1] - 1 &&
    check.getUTCDate() === parts[2] &&
    check.getUTCHours() === parts[3] &&
    check.getUTCMinutes() === parts[4] &&
    check.getUTCSeconds() === parts[5];
  return exact ? utc - offsetMinutes(zone) * 60_000 : undefined;
}

function fromEpoch(value: number): number {
  // Below 1e11 the value is seconds (1e11 s is the year 5138); above, milliseconds.
  return Math.abs(value) < 1e11 ? value * 1000 : value;
}

/**
 * Reads a point in time as an ISO-8601 UTC string. Times without an offset
 * are read as UTC. Unix seconds and milliseconds are distinguished by size.
 */
export function parseTimestamp(value: unknown): Parsed<string> {
  let millis: number | undefined;
  if (typeof value === 'number') {
    millis = fromEpoch(value);
  } else if (typeof value === 'string') {
    const text = value
      .normalize('NFKC')
      .trim()
      .replace(/^(\d{4})年(\d{1,2})月(\d{1,2})日?/, '$1-$2-$3');
    const compact = text.match(/^(\d{4})(\d{2})(\d{2})(?:(\d{2})(\d{2})(\d{2}))?$/);
    if (compact) {
      // 20240305 and 20240305143000, as many Chinese order systems export times.
      const [, year, month, day, hour, minute, second] = compact;
      const calendar = `${year}-${month}-${day}${hour ? ` ${hour}:${minute}:${second}` : ''}`;
      millis = fromCalendar(calendar.match(dateTimePattern)!);
    } else if (/^\d+(\.\d+)?$/.test(text)) {
      millis = fromEpoch(Number(text));
    } else {
      const match = text.match(dateTimePattern);
      millis = match ? fromCalendar(match) : undefined;
    }
  }
  if (millis === undefined || !Number.isFinite(millis)) {
    return invalid(`不是可识别的时间；${timestampFix.zh}`, `is not a recognised time; ${timestampFix.en}`);
  }
  const date = new Date(millis);
  const year = date.getUTCFullYear();
  if (Number.isNaN(year) || year < earliestYear || year > latestYear) {
    return invalid(
      `时间落在 ${earliestYear}–${latestYear} 年之外，可能是 Excel 的日期序号；请把单元格设为日期格式后重新导出，或${timestampFix.zh}`,
      `is outside the years ${earliestYear}–${latestYear}, possibly an Excel day number; format the cells as dates and export again, or ${timestampFix.en}`,
    );
  }
  return ok(date.toISOString());
}

/**
 * Reads product attributes from a JSON object or from `key:value;key:value`
 * (full-width `：` and `；` accepted). Values become text.
 */
export function parseAttributes(value: unknown): Parsed<Record<string, string>> {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    return ok(Object.fromEntries(Object.entries(value).map(([key, item]) => [key, stringify(item)])));
  }
  const text = String(value).trim();
  const fix = {
    zh: '请写成 JSON 对象 {"颜色":"红色"} 或 颜色:红色;尺码:XL',
    en: 'write a JSON object {"color":"red"} or color:red;size:XL',
  };
  if (text.startsWith('{')) {
    try {
      return parseAttributes(JSON.parse(text));
    } catch {
      return invalid(`不是有效的 JSON 对象；${fix.zh}`, `is not a valid JSON object; ${fix.en}`);
    }
  }
  const attributes: Record<string, string> = {};
  for (const pair of text.split(/[;；]/)) {
    if (pair.trim() === '') continue;
    const separator = pair.search(/[:：]/);
    const key = separator > 0 ? pair.slice(0, separator).trim() : '';
    if (!key) return invalid(`中的 "${pair.trim()}" 缺少 "属性名:" 前缀；${fix.zh}`, `has "${pair.trim()}" without a "name:" prefix; ${fix.en}`);
    attributes[key] = pair.slice(separator + 1).trim();
  }
  return ok(attributes);
}

/** Text of a scalar source value; objects and arrays become JSON. */
export function stringify(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** Reads an identifier; rejects Excel's scientific notation, which has already lost digits. */
export function parseIdentifier(value: unknown): Parsed<string> {
  const text = stringify(value).trim();
  if (/^\d(\.\d+)?E\+\d+$/i.test(text)) {
    return invalid(
      '是科学计数法，Excel 已丢失了长数字的末几位；请把这一列设为“文本”格式后重新导出',
      'is in scientific notation, so Excel has already dropped the last digits of the long number; format the column as text and export again',
    );
  }
  if (text.length > 200) return invalid('超过 200 个字符，请使用更短的 ID', 'is longer than 200 characters; use a shorter id');
  return ok(text);
}
