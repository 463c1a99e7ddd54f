/**
 * Exact extraction of the codes a shopper pastes into a chat: SKU codes,
 * order numbers and parcel tracking numbers. The dialogue layer looks these
 * up directly before any fuzzy retrieval runs.
 */

export type CodeKind = 'sku' | 'order' | 'tracking';

export interface ExtractedCode {
  kind: CodeKind;
  /** The code in upper case, without the spaces a shopper may have typed inside it. */
  value: string;
  /** Carrier prefix of a tracking number (`SF`, `YT`, `ZTO`, …), when it has one. */
  carrier?: string;
}

export interface CodePattern {
  kind: CodeKind;
  /** Tested against the whole upper-case candidate, so anchor it with ^ and $. */
  pattern: RegExp;
}

export interface ExtractCodesOptions {
  /** Shop-specific formats, tried before the built-in ones (e.g. an ERP's own order numbers). */
  patterns?: readonly CodePattern[];
}

// Carrier prefixes of Chinese express companies followed by the digits of the waybill.
const carrierPattern = /^(SF|YT|ZTO|STO|YD|YUNDA|JD|JDV|JT|EMS|DPK|DBL|BEST|HTKY|ZJS|UC|TT)(\d{9,20})$/;
// Universal Postal Union item numbers, e.g. EA123456789CN.
const postalPattern = /^[A-Z]{2}\d{9}[A-Z]{2}$/;
// One or two letters, a calendar date (yyyymmdd) and a sequence number, e.g. D202611200001.
const orderPattern = /^[A-Z]{1,2}(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3,8}$/;
// Letters, then hyphen-separated groups with at least one digit somewhere, e.g. SM-EAR-001.
const skuPattern = /^[A-Z]{1,8}(?:-[A-Z0-9]{1,12}){1,5}$/;
const longDigitsPattern = /^\d{10,22}$/;
// Mainland mobile numbers (also with the 86 country code) and ID-card numbers are personal data, never tracking numbers.
const mobilePattern = /^(?:86)?1[3-9]\d{9}$/;
const idCardPattern = /^[1-9]\d{5}(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dX]$/;

const dashPattern = /[\u2010-\u2015\u2212\u30fc\uff0d]/g;
const runPattern = /[A-Za-z0-9]+(?:[ -][A-Za-z0-9]+)*/g;
// A shopper rarely splits a code into more pieces than this.
const maxPieces = 6;

/** Classifies one candidate written in upper case without spaces. */
function classify(candidate: string, extra: readonly CodePattern[]): ExtractedCode | undefined {
  for (const { kind, pattern } of extra) if (pattern.test(candidate)) return { kind, value: candidate };

  const carrier = carrierPattern.exec(candidate);
  if (carrier) return { kind: 'tracking', value: candidate, carrier: carrier[1]! };
  if (postalPattern.test(candidate)) return { kind: 'tracking', value: candidate };
  if (orderPattern.test(candidate)) return { kind: 'order', value: candidate };
  if (skuPattern.test(candidate) && /\d/.test(candidate)) return { kind: 'sku', value: candidate };
  if (longDigitsPattern.test(candidate) && !mobilePattern.test(candidate) && !idCardPattern.test(candidate)) {
    return { kind: 'tracking', value: candidate };
  }
  return undefined;
}

/**
 * Finds the codes in a message, in order of appearance and without
 * duplicates. Full-width letters, digits and dashes are folded first, and a
 * code typed in space-separated groups ("SF 1234 5678 90123") is joined when
 * the joined form is a known format and every later group has at least three
 * characters. Mobile and ID-card numbers are never reported.
 *
 * @example extractCodes('订单Ｄ２０２６１１２００００１还没到，单号 SF1234567890123')
 * // → [{kind: 'order', value: 'D202611200001'}, {kind: 'tracking', value: 'SF1234567890123', carrier: 'SF'}]
 */
export function extractCodes(text: string, options: ExtractCodesOptions = {}): ExtractedCode[] {
  const extra = options.patterns ?? [];
  const folded = text
    .normalize('NFKC')
    .replace(dashPattern, '-')
    .replace(/(?<=[A-Za-z0-9]) *- *(?=[A-Za-z0-9])/g, '-');
  const found = new Map<string, ExtractedCode>();

  for (const run of folded.match(runPattern) ?? []) {
    const pieces = run.toUpperCase().split(' ');
    let start = 0;
    while (start < pieces.length) {
      const match = longestCodeAt(pieces, start, extra);
      if (!match) {
        start++;
        continue;
      }
      if (!found.has(match.code.value)) found.set(match.code.value, match.code);
      start = match.end;
    }
  }
  return [...found.values()];
}

function longestCodeAt(
  pieces: readonly string[],
  start: number,
  extra: readonly CodePattern[],
): { code: ExtractedCode; end: number } | undefined {
  let last = start;
  while (last + 1 < pieces.length && last + 1 - start < maxPieces && pieces[last + 1]!.length >= 3) last++;
  for (let end = last + 1; end > start; end--) {
    const code = classify(pieces.slice(start, end).join(''), extra);
    if (code) return { code, end };
  }
  return undefined;
}
