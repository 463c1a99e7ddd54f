import * as OpenCC from 'opencc-js';
import { foldSynonyms } from './synonyms.js';

let toSimplified: ((text: string) => string) | undefined;

/** Converts traditional Chinese characters to simplified ones (OpenCC tables, Hong Kong and Taiwan variants). */
export function traditionalToSimplified(text: string): string {
  // Building the converter loads its tables, so it is made once per process.
  const convert = toSimplified ?? OpenCC.Converter({ from: 'hk', to: 'cn' });
  toSimplified = convert;
  return convert(text);
}

/**
 * Normalises text for matching: NFKC folds full-width letters, digits and
 * punctuation to half-width, traditional characters become simplified,
 * Latin letters become lower case and runs of whitespace collapse to one space.
 */
export function normalizeText(text: string): string {
  const folded = text.normalize('NFKC');
  return traditionalToSimplified(folded).toLowerCase().replace(/\s+/g, ' ').trim();
}

// Emoji, pictographs and other decorative symbols (★ ♥ ✿ ☞ …), plus the joiners
// and variation selectors that build emoji sequences. `\p{So}` also covers
// signs such as ° and ℃, which matching can drop because the digits before them stay.
const decorationPattern = /\p{Extended_Pictographic}|\p{So}|\p{Emoji_Modifier}|[\u200d\u20e3\ufe0e\ufe0f]/gu;
// NFKC leaves the wave dash 〜 and the wavy dash 〰 alone; shoppers use them as ~.
const tildePattern = /[〜〰～]/g;

/** Removes emoji and decorative symbols and writes every tilde form as `~`. */
export function stripDecorations(text: string): string {
  return text.replace(decorationPattern, ' ').replace(tildePattern, '~').replace(/\s+/g, ' ').trim();
}

/**
 * Normalises text for retrieval and matching: `normalizeText`, then
 * `stripDecorations`, then the customer-service synonym folding of
 * `foldSynonyms` (退钱 → 退款, 物流 → 快递, 人工 → 客服, …). The output is for
 * comparing texts, not for showing to anyone.
 */
export function normalizeForRetrieval(text: string): string {
  return foldSynonyms(stripDecorations(normalizeText(text)));
}
