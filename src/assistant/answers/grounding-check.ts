import type { Source } from './sources.js';

export interface GroundingResult {
  ok: boolean;
  /** Each failed check, e.g. `number 15 is not in any source`. */
  problems: string[];
  /** Source numbers the answer cites, ascending. */
  cited: number[];
}

/**
 * Terms with a fixed meaning in after-sales policy. An answer may use one
 * only when a source does, so a model cannot promise 运费险 or 包邮 that the
 * shop never offered.
 */
export const policyTerms = [
  '无理由',
  '包邮',
  '运费险',
  '免运费',
  '运费由店铺',
  '上门取件',
  '极速退款',
  '先行赔付',
  '假一赔',
  '价保',
  '保价',
  '以旧换新',
  '终身保修',
  '全额退款',
  '换货',
  '维修',
  '保修',
  '折扣',
  '优惠券',
  '免单',
  '赔偿',
  '补偿',
  '分期',
  '免息',
  '先用后付',
  '货到付款',
  '花呗',
  '到付',
];

// A negation earlier in the same clause covers the term, including a listed one (暂不支持货到付款、对公转账和分期付款).
const negationWord = /不|没|无|未|非/;
const clauseEnd = /[，。；！？,;!?\n]/;

const digitOf: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** Converts a Chinese numeral below 10,000 (七, 十五, 二十四, 一百二十) to a number. */
export function chineseNumeralValue(text: string): number | undefined {
  let total = 0;
  let current = 0;
  for (const char of text) {
    if (char in digitOf) current = digitOf[char]!;
    else if (char === '十' || char === '百' || char === '千') {
      const unit = char === '十' ? 10 : char === '百' ? 100 : 1000;
      total += (current === 0 ? 1 : current) * unit;
      current = 0;
    } else return undefined;
  }
  return total + current;
}

// A Chinese numeral counts as a number only before a unit, so 一下 or 十分 stay words.
const chineseNumberPattern = /([零〇一二两三四五六七八九十百千]+)(?=天|日|个|小时|元|块|折|件|年|月|周|次|工作日|分钟|号)/g;

// 半 before a unit is a number too: 半个月 and 半年 must be backed by the sources like 15天.
const halfPattern = /半(?=个?(天|日|小时|月|年|周|价))/g;

function normalizeNumbers(text: string): string {
  return text
    .normalize('NFKC')
    .replace(chineseNumberPattern, (match, numeral: string) => {
      const value = chineseNumeralValue(numeral);
      return value === undefined ? match : String(value);
    })
    .replace(halfPattern, '0.5');
}

/** True when a negation precedes the term at `index` within its clause (不包邮, 暂不支持货到付款和分期). */
function negatedAt(text: string, index: number): boolean {
  let start = index;
  while (start > 0 && !clauseEnd.test(text[start - 1]!)) start--;
  return negationWord.test(text.slice(start, index));
}

/** Polarity of every occurrence of `term`: true for negated ones. */
function polarities(text: string, term: string): boolean[] {
  const out: boolean[] = [];
  for (let index = text.indexOf(term); index !== -1; index = text.indexOf(term, index + term.length)) out.push(negatedAt(text, index));
  return out;
}

export interface GroundingOptions {
  /**
   * The answer composed without the model. An answer that states no number
   * at all and is less than half as long, while the draft states numbers,
   * has dropped the facts ("您好，请按规定办理[1]") and is rejected.
   */
  draft?: string;
}

const hanPattern = /\p{Script=Han}/gu;
const kanaPattern = /[\p{Script=Hiragana}\p{Script=Katakana}]/u;
const latinLetterPattern = /[A-Za-z]/g;
// The shopper cannot open the numbered sources, so an answer that only points to them says nothing.
const pointerPattern = /(请|可以)?(看|参考|查看|查阅|参见|详见)(一下)?(资料|来源|材料|以上资料|上述资料|相关资料)/;

function numbersIn(text: string): Set<string> {
  const out = new Set<string>();
  for (const match of text.matchAll(/\d+(?:\.\d+)?/g)) out.add(String(Number(match[0])));
  return out;
}

/**
 * Checks an LLM answer against the sources it was given: every `[n]` marker
 * names an existing source and at least one is present; every number (digits
 * or Chinese numerals before a unit, so dates, prices, days and percentages
 * too) appears in some source; and every policy term it uses appears in some
 * source.
 */
export function checkGrounding(answer: string, sources: readonly Source[], options: GroundingOptions = {}): GroundingResult {
  const problems: string[] = [];
  const normalized = normalizeNumbers(answer).replace(/【(\d+)】/g, '[$1]');

  const cited = new Set<number>();
  for (const match of normalized.matchAll(/\[(\d+)\]/g)) {
    const index = Number(match[1]);
    if (index < 1 || index > sources.length) problems.push(`citation [${index}] names no source`);
    else cited.add(index);
  }
  if (cited.size === 0) problems.push('the answer cites no source');

  const withoutMarkers = normalized.replace(/\[\d+\]/g, ' ');
  const sourceText = normalizeNumbers(sources.map((s) => `${s.title}\n${s.text}`).join('\n'));
  const sourceNumbers = numbersIn(sourceText);
  for (const number of numbersIn(withoutMarkers)) {
    if (!sourceNumbers.has(number)) problems.push(`number ${number} is not in any source`);
  }
  for (const term of policyTerms) {
    if (!withoutMarkers.includes(term)) continue;
    if (!sourceText.includes(term)) {
      problems.push(`policy term ${term} is not in any source`);
      continue;
    }
    // "支持分期" against a source that only says "暂不支持分期" turns the rule around.
    const inSources = polarities(sourceText, term);
    for (const negated of new Set(polarities(withoutMarkers, term))) {
      if (!inSources.includes(negated)) problems.push(`policy term ${term} is ${negated ? 'negated' : 'affirmed'} here but not in any source`);
    }
  }

  const content = withoutMarkers.replace(/\s+/g, '');
  if (pointerPattern.test(content)) problems.push('the answer points to the sources instead of stating them');
  const han = content.match(hanPattern)?.length ?? 0;
  const latin = content.match(latinLetterPattern)?.length ?? 0;
  if (latin > han || kanaPattern.test(content)) problems.push('the answer is not written in Chinese');
  if (options.draft !== undefined) {
    const draft = normalizeNumbers(options.draft).replace(/\s+/g, '');
    const dropped = numbersIn(draft).size > 0 && numbersIn(withoutMarkers).size === 0 && [...content].length * 2 < [...draft].length;
    if (dropped) problems.push('the answer drops the numbers of the composed answer and most of its text');
  }

  return { ok: problems.length === 0, problems, cited: [...cited].sort((a, b) => a - b) };
}
