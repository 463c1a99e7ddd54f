/**
 * Lexical features of a pair of short texts (two questions), computed with
 * the statistics of one corpus: the shop's FAQ questions or any labelled set.
 * Every feature is symmetric in the two texts and lies in [0, 1], so weights
 * learned on one corpus stay meaningful on another.
 */
import { BuiltinEncoder } from '../../embedding/builtin-encoder.js';
import { type DenseVectorCache, denseDot } from '../../embedding/dense-vectors.js';
import { type SparseVector, sparseDot } from '../../embedding/sparse-vector.js';
import { Bm25Index } from '../../text/bm25.js';
import { normalizeForRetrieval } from '../../text/normalize.js';
import { Tokenizer } from '../../text/tokenizer.js';

/** Feature names, in the order `pairFeatures` returns them. */
export const pairFeatureNames = [
  'char_jaccard',
  'bigram_jaccard',
  'word_jaccard',
  'idf_word_overlap',
  'char_containment',
  'tfidf_cosine',
  'bm25',
  'length_ratio',
  'lcs_ratio',
  'common_substring',
  'unmatched_idf_max',
  'unmatched_word_share',
  'number_conflict',
  'negation_mismatch',
  'question_type_mismatch',
  'exact_match',
] as const;

/** Feature added after the lexical ones when a sentence encoder is configured: the cosine of the two sentence vectors. */
export const encoderFeatureName = 'encoder_cosine';

export type PairFeatureName = (typeof pairFeatureNames)[number];

/** Per-text inputs of the pair features, computed once per text. */
export interface TextProfile {
  normalized: string;
  /** Letters and digits of the whole text. */
  chars: string[];
  /** Characters of the content words only (stopwords such as 你好, 怎么, 吗 left out). */
  contentChars: string[];
  charSet: Set<string>;
  bigrams: Set<string>;
  words: string[];
  wordSet: Set<string>;
  vector: SparseVector;
  numbers: Set<string>;
  negated: boolean;
  questionType: string | undefined;
  /** Sentence vector from the configured encoder; only set when the context has one. */
  dense?: Float32Array;
}

export interface PairFeatureContextOptions {
  /** Shop words (brands, product names, SKU codes) kept whole by the tokenizer. */
  customWords?: Iterable<string>;
  /**
   * Sentence vectors of a neural or API encoder. When given, every text the
   * context profiles must have been added to it first, and the features end
   * with `encoder_cosine`.
   */
  denseVectors?: DenseVectorCache;
}

const letterOrDigit = /[\p{L}\p{N}]/u;
const numberPattern = /\d+(?:\.\d+)?/g;
// Heads of negated words (不/没/未 …) and whole negation words; an odd count negates the question.
const negationHeads = new Set(['不', '没', '未']);
const negationWords = new Set(['无法', '无', '别', '非', '否', '甭']);
// Interrogative types in priority order: "why" comes before "how" because 怎么会 means why.
const questionTypes: readonly [string, RegExp][] = [
  ['why', /为什么|为何|怎么会|怎么又|咋会|干嘛/],
  ['when', /什么时候|何时|多久|几天|多长时间|几点/],
  ['amount', /多少|几个|几次|额度是/],
  ['where', /哪里|在哪|哪儿|哪个|哪些/],
  ['how', /怎么|如何|怎样|咋|方法/],
  ['yes-no', /能不能|可不可以|是不是|有没有|能否|是否|可以吗|吗$|么$/],
];

/**
 * Corpus statistics for pair features: a TF-IDF encoder and a BM25 index
 * fitted on the corpus texts. Texts outside the corpus can still be profiled;
 * their unseen words count as the rarest.
 */
export class PairFeatureContext {
  private readonly tokenizer: Tokenizer;
  private readonly encoder: BuiltinEncoder;
  private readonly bm25: Bm25Index;
  private readonly maxIdf: number;
  private readonly denseVectors: DenseVectorCache | undefined;
  /** Names of the values `features` returns, in order. */
  readonly featureNames: readonly string[];

  constructor(corpus: Iterable<string>, options: PairFeatureContextOptions = {}) {
    const customWords = [...(options.customWords ?? [])];
    this.tokenizer = new Tokenizer(customWords);
    const normalized = [...corpus].map((text) => normalizeForRetrieval(text));
    this.encoder = BuiltinEncoder.fit(normalized, { customWords });
    this.bm25 = Bm25Index.from(normalized.map((text) => this.tokenizer.tokenizeNormalized(text)));
    this.maxIdf = this.bm25.idf('\u0000unseen');
    this.denseVectors = options.denseVectors;
    this.featureNames = this.denseVectors ? [...pairFeatureNames, encoderFeatureName] : [...pairFeatureNames];
  }

  /**
   * Per-text inputs of the features. With sentence vectors configured, pass
   * `dense` for a text that is not in the cache (a shopper's query).
   */
  profile(text: string, dense?: Float32Array): TextProfile {
    const normalized = normalizeForRetrieval(text);
    const chars = [...normalized].filter((c) => letterOrDigit.test(c));
    const allWords = this.tokenizer.tokenizeNormalized(normalized, { keepStopwords: true });
    const words = this.tokenizer.tokenizeNormalized(normalized);
    // Character features look at content words only, so a shared 好 or 怎么 is not taken for overlap.
    const contentChars = [...words.join('')];
    const bigrams = new Set<string>();
    for (let i = 0; i + 1 < contentChars.length; i++) bigrams.add(contentChars[i]! + contentChars[i + 1]!);
    let negations = 0;
    for (const word of allWords) if (negationHeads.has(word[0]!) || negationWords.has(word)) negations++;
    const vector = dense ?? this.denseVectors?.get(text);
    if (this.denseVectors && !vector) {
      throw new RangeError(`no sentence vector for "${text.slice(0, 40)}": add the text to the DenseVectorCache before profiling it`);
    }
    return {
      normalized,
      chars,
      contentChars,
      charSet: new Set(contentChars),
      bigrams,
      words,
      wordSet: new Set(words),
      vector: this.encoder.encodeSparse(normalized),
      numbers: new Set(normalized.match(numberPattern) ?? []),
      negated: negations % 2 === 1,
      questionType: questionTypes.find(([, pattern]) => pattern.test(normalized))?.[0],
      ...(vector && this.denseVectors ? { dense: vector } : {}),
    };
  }

  /** Feature values of a pair, in the order of `featureNames`. */
  features(a: TextProfile, b: TextProfile): number[] {
    const unmatched = this.unmatchedWords(a, b);
    const idfTotal = sumIdf(this.bm25, [...a.wordSet, ...b.wordSet]);
    const values: Record<PairFeatureName, number> = {
      char_jaccard: jaccard(a.charSet, b.charSet),
      bigram_jaccard: jaccard(a.bigrams, b.bigrams),
      word_jaccard: jaccard(a.wordSet, b.wordSet),
      idf_word_overlap: this.idfOverlap(a, b),
      char_containment: containment(a.charSet, b.charSet),
      tfidf_cosine: Math.max(0, Math.min(1, sparseDot(a.vector, b.vector))),
      bm25: (this.bm25.normalizedScore(a.words, b.words) + this.bm25.normalizedScore(b.words, a.words)) / 2,
      length_ratio: lengthRatio(a.chars.length, b.chars.length),
      lcs_ratio: longestCommonSubsequence(a.contentChars, b.contentChars) / Math.max(1, a.contentChars.length, b.contentChars.length),
      common_substring:
        longestCommonSubstring(a.contentChars, b.contentChars) / Math.max(1, Math.min(a.contentChars.length, b.contentChars.length)),
      unmatched_idf_max: unmatched.length === 0 ? 0 : Math.max(...unmatched.map((w) => this.bm25.idf(w))) / this.maxIdf,
      unmatched_word_share: idfTotal === 0 ? 0 : sumIdf(this.bm25, unmatched) / idfTotal,
      number_conflict: a.numbers.size > 0 && b.numbers.size > 0 && !sameSet(a.numbers, b.numbers) ? 1 : 0,
      negation_mismatch: a.negated !== b.negated ? 1 : 0,
      question_type_mismatch: a.questionType && b.questionType && a.questionType !== b.questionType ? 1 : 0,
      exact_match: a.chars.length > 0 && a.chars.join('') === b.chars.join('') ? 1 : 0,
    };
    const lexical = pairFeatureNames.map((name) => values[name]);
    if (!this.denseVectors) return lexical;
    const cosine = a.dense && b.dense ? Math.max(0, Math.min(1, denseDot(a.dense, b.dense))) : 0;
    return [...lexical, cosine];
  }

  /** Feature values of two raw texts. */
  featuresOf(a: string, b: string): number[] {
    return this.features(this.profile(a), this.profile(b));
  }

  private idfOverlap(a: TextProfile, b: TextProfile): number {
    const union = new Set([...a.wordSet, ...b.wordSet]);
    const common = [...a.wordSet].filter((w) => b.wordSet.has(w));
    const total = sumIdf(this.bm25, union);
    return total === 0 ? 0 : sumIdf(this.bm25, common) / total;
  }

  /**
   * Words of one side found neither among the other side's words nor inside
   * its text, so a segmentation difference (蓝牙耳机 vs 蓝牙 / 耳机) is not
   * taken for a missing word.
   */
  private unmatchedWords(a: TextProfile, b: TextProfile): string[] {
    const out: string[] = [];
    for (const word of a.wordSet) if (!b.wordSet.has(word) && !b.normalized.includes(word)) out.push(word);
    for (const word of b.wordSet) if (!a.wordSet.has(word) && !a.normalized.includes(word)) out.push(word);
    return out;
  }
}

function sumIdf(bm25: Bm25Index, words: Iterable<string>): number {
  let total = 0;
  for (const word of words) total += bm25.idf(word);
  return total;
}

function jaccard<T>(a: ReadonlySet<T>, b: ReadonlySet<T>): number {
  if (a.size === 0 && b.size === 0) return 0;
  let common = 0;
  for (const item of a) if (b.has(item)) common++;
  return common / (a.size + b.size - common);
}

function containment<T>(a: ReadonlySet<T>, b: ReadonlySet<T>): number {
  const smaller = Math.min(a.size, b.size);
  if (smaller === 0) return 0;
  let common = 0;
  for (const item of a) if (b.has(item)) common++;
  return common / smaller;
}

function sameSet<T>(a: ReadonlySet<T>, b: ReadonlySet<T>): boolean {
  if (a.size !== b.size) return false;
  for (const item of a) if (!b.has(item)) return false;
  return true;
}

function lengthRatio(a: number, b: number): number {
  const longer = Math.max(a, b);
  return longer === 0 ? 0 : Math.min(a, b) / longer;
}

function longestCommonSubsequence(a: readonly string[], b: readonly string[]): number {
  let previous = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    const current = new Array<number>(b.length + 1).fill(0);
    for (let j = 1; j <= b.length; j++) {
      current[j] = a[i - 1] === b[j - 1] ? previous[j - 1]! + 1 : Math.max(previous[j]!, current[j - 1]!);
    }
    previous = current;
  }
  return previous[b.length]!;
}

function longestCommonSubstring(a: readonly string[], b: readonly string[]): number {
  let best = 0;
  let previous = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    const current = new Array<number>(b.length + 1).fill(0);
    for (let j = 1; j <= b.length; j++) {
      if (a[i - 1] !== b[j - 1]) continue;
      current[j] = previous[j - 1]! + 1;
      if (current[j]! > best) best = current[j]!;
    }
    previous = current;
  }
  return best;
}
