import type { Tokenizer } from './tokenizer.js';

const hanRun = /\p{Script=Han}+/gu;

/**
 * Index terms of normalised text for lexical retrieval: the tokenizer's words
 * plus the overlapping character bigrams of every Han run, marked with a
 * leading `#`. The bigrams let a query match when jieba segments the two
 * texts differently (退货运费 as 退 / 货运费 in one and 退货 / 运费 in the other).
 */
export function retrievalTerms(tokenizer: Tokenizer, normalized: string): string[] {
  const terms = tokenizer.tokenizeNormalized(normalized);
  for (const run of normalized.match(hanRun) ?? []) {
    for (let i = 0; i + 1 < run.length; i++) terms.push(`#${run.slice(i, i + 2)}`);
  }
  return terms;
}
