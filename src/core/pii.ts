/**
 * Masking of personal data (phone numbers, ID-card numbers, emails, bank
 * cards, street addresses) in free text. Used before any text reaches a log
 * line or an LLM prompt.
 */
export type PiiKind = 'phone' | 'id_card' | 'email' | 'bank_card' | 'address';

export interface MaskResult {
  text: string;
  found: PiiKind[];
}

interface PiiPattern {
  kind: PiiKind;
  pattern: RegExp;
  replace: (match: string) => string;
}

// Lookarounds keep digits inside order numbers and tracking numbers such as
// SF1234567890123 from being read as phone or card numbers.
const patterns: PiiPattern[] = [
  {
    kind: 'email',
    pattern: /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g,
    replace: (m) => `${m.slice(0, 1)}***@${m.split('@')[1] ?? ''}`,
  },
  {
    kind: 'id_card',
    pattern: /(?<![A-Za-z0-9])[1-9]\d{5}(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx](?![A-Za-z0-9])/g,
    replace: (m) => `${m.slice(0, 3)}***********${m.slice(-4)}`,
  },
  {
    kind: 'bank_card',
    pattern: /(?<![A-Za-z0-9])(?:62|4\d|5[1-5])\d{14,17}(?![A-Za-z0-9])/g,
    replace: (m) => `****${m.slice(-4)}`,
  },
  {
    kind: 'phone',
    pattern: /(?<![A-Za-z0-9])(?:\+?86[- ]?)?1[3-9]\d[- ]?\d{4}[- ]?\d{4}(?![A-Za-z0-9])/g,
    replace: (m) => {
      const digits = m.replace(/\D/g, '');
      return `${digits.slice(-11, -8)}****${digits.slice(-4)}`;
    },
  },
  {
    kind: 'phone',
    pattern: /(?<![A-Za-z0-9])0\d{2,3}-\d{7,8}(?![A-Za-z0-9])/g,
    replace: (m) => `${m.slice(0, 4)}****${m.slice(-2)}`,
  },
  {
    // A Chinese street address: an optional province/city/district prefix,
    // a road, street, lane or community name, and a house number. The house
    // number is required, because a road word alone is ordinary text too
    // (原路退回, 中山路能送吗). Lead-in words (地址是, 住在, 寄到) stay readable.
    kind: 'address',
    pattern:
      /(?:(?:(?![是在住到寄送址的往于为])[\u4e00-\u9fa5]){2,9}(?:省|自治区|市|区|县|镇|乡))*(?:(?![是在住到寄送址的往于为])[\u4e00-\u9fa5A-Za-z0-9]){1,12}(?:路|街|大道|巷|弄|胡同|小区|花园|大厦|村)[0-9一二三四五六七八九十百甲乙-]*?(?:[0-9]+|[一二三四五六七八九十百]+)[甲乙-]?(?:号|栋|幢|楼|单元|室|层|弄)(?:[0-9A-Za-z-]+(?:号|栋|幢|楼|单元|室|层))*/g,
    replace: (m) => `${m.slice(0, Math.min(3, m.length - 1))}[地址已隐藏]`,
  },
];

export interface MaskOptions {
  /** Written in place of each value instead of its partly masked form, e.g. a marker a caller removes afterwards. */
  replacement?: string;
}

export function maskPii(text: string, options: MaskOptions = {}): MaskResult {
  const found: PiiKind[] = [];
  let masked = text;
  for (const { kind, pattern, replace } of patterns) {
    masked = masked.replace(pattern, (match) => {
      found.push(kind);
      return options.replacement ?? replace(match);
    });
  }
  return { text: masked, found };
}

/** Masks every string value of a plain object tree; other values are kept. */
export function maskPiiDeep<T>(value: T): T {
  if (typeof value === 'string') return maskPii(value).text as T;
  if (Array.isArray(value)) return value.map((item) => maskPiiDeep(item)) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = maskPiiDeep(item);
    return out as T;
  }
  return value;
}
