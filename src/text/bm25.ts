/**
 * Okapi BM25 over token lists (Robertson and Zaragoza, "The Probabilistic
 * Relevance Framework: BM25 and Beyond", 2009). IDF has the Lucene form
 * ln(1 + (N - df + 0.5) / (df + 0.5)), which stays positive even for terms
 * that occur in more than half of the documents.
 */

export interface Bm25Options {
  /** Term-frequency saturation: higher values let repeated terms count for longer. Default 1.2. */
  k1?: number;
  /** Length normalisation, from 0 (none) to 1 (full). Default 0.75. */
  b?: number;
}

/** One search result: an indexed document number and its score. */
export interface Bm25Hit {
  index: number;
  score: number;
}

export interface Bm25SearchOptions {
  /** Documents never returned. */
  exclude?: ReadonlySet<number>;
}

/** Term counts of one token list. */
function termCounts(tokens: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const token of tokens) counts.set(token, (counts.get(token) ?? 0) + 1);
  return counts;
}

/**
 * A BM25 index. Documents are numbered in insertion order. Every query term
 * occurrence counts, so a term repeated in the query weighs more. Scores of
 * outside token lists (`scoreTokens`) use this index's statistics, which is
 * how a pair of short questions is compared against a shop's corpus.
 */
export class Bm25Index {
  readonly k1: number;
  readonly b: number;
  private readonly postings = new Map<string, { docs: number[]; counts: number[] }>();
  private readonly lengths: number[] = [];
  private totalLength = 0;

  constructor(options: Bm25Options = {}) {
    this.k1 = options.k1 ?? 1.2;
    this.b = options.b ?? 0.75;
    if (!(this.k1 >= 0) || !(this.b >= 0 && this.b <= 1)) {
      throw new RangeError(`BM25 needs k1 >= 0 and 0 <= b <= 1, got k1=${this.k1}, b=${this.b}`);
    }
  }

  /** Builds an index over every token list, in order. */
  static from(documents: Iterable<readonly string[]>, options: Bm25Options = {}): Bm25Index {
    const index = new Bm25Index(options);
    for (const tokens of documents) index.add(tokens);
    return index;
  }

  add(tokens: readonly string[]): number {
    const doc = this.lengths.length;
    this.lengths.push(tokens.length);
    this.totalLength += tokens.length;
    for (const [term, count] of termCounts(tokens)) {
      let list = this.postings.get(term);
      if (!list) {
        list = { docs: [], counts: [] };
        this.postings.set(term, list);
      }
      list.docs.push(doc);
      list.counts.push(count);
    }
    return doc;
  }

  get size(): number {
    return this.lengths.length;
  }

  get averageLength(): number {
    return this.lengths.length === 0 ? 0 : this.totalLength / this.lengths.length;
  }

  /** Numbers of the indexed documents that contain `term`, ascending. */
  documentsWith(term: string): readonly number[] {
    return this.postings.get(term)?.docs ?? [];
  }

  documentFrequency(term: string): number {
    return this.postings.get(term)?.docs.length ?? 0;
  }

  /** Lucene IDF; a term the index has never seen gets the highest value. */
  idf(term: string): number {
    const n = this.lengths.length;
    const df = this.documentFrequency(term);
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  /** Score of an indexed document. */
  score(query: readonly string[], doc: number): number {
    let total = 0;
    const length = this.lengths[doc] ?? 0;
    for (const term of query) {
      const list = this.postings.get(term);
      if (!list) continue;
      const at = binarySearch(list.docs, doc);
      if (at >= 0) total += this.termScore(term, list.counts[at]!, length);
    }
    return total;
  }

  /** Score of a token list that is not in the index, with the index's IDF and average length. */
  scoreTokens(query: readonly string[], tokens: readonly string[]): number {
    const counts = termCounts(tokens);
    let total = 0;
    for (const term of query) {
      const count = counts.get(term);
      if (count) total += this.termScore(term, count, tokens.length);
    }
    return total;
  }

  /**
   * Score of `tokens` divided by the score of an ideal document of the same
   * length that contains every query term once, capped at 1. It measures how
   * much of the query (IDF-weighted) the tokens cover, with neither a long
   * document nor a short query getting an advantage, so it is comparable
   * across queries and a threshold means the same for every question. An
   * empty query or empty tokens score 0.
   */
  normalizedScore(query: readonly string[], tokens: readonly string[]): number {
    if (query.length === 0 || tokens.length === 0) return 0;
    let ideal = 0;
    for (const term of query) ideal += this.termScore(term, 1, tokens.length);
    if (ideal <= 0) return 0;
    return Math.min(1, this.scoreTokens(query, tokens) / ideal);
  }

  /** Returns the k best indexed documents with a positive score, best first. */
  search(query: readonly string[], k: number, options: Bm25SearchOptions = {}): Bm25Hit[] {
    const scores = new Map<number, number>();
    for (const [term, queryCount] of termCounts(query)) {
      const list = this.postings.get(term);
      if (!list) continue;
      for (let i = 0; i < list.docs.length; i++) {
        const doc = list.docs[i]!;
        const add = queryCount * this.termScore(term, list.counts[i]!, this.lengths[doc]!);
        scores.set(doc, (scores.get(doc) ?? 0) + add);
      }
    }
    const hits: Bm25Hit[] = [];
    for (const [doc, score] of scores) {
      if (score > 0 && !options.exclude?.has(doc)) hits.push({ index: doc, score });
    }
    // Ties keep insertion order, so results are reproducible.
    hits.sort((a, b) => b.score - a.score || a.index - b.index);
    return hits.slice(0, Math.max(0, k));
  }

  private termScore(term: string, count: number, length: number): number {
    const average = this.averageLength || 1;
    const saturation = (count * (this.k1 + 1)) / (count + this.k1 * (1 - this.b + (this.b * length) / average));
    return this.idf(term) * saturation;
  }
}

function binarySearch(sorted: readonly number[], value: number): number {
  let low = 0;
  let high = sorted.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const at = sorted[mid]!;
    if (at === value) return mid;
    if (at < value) low = mid + 1;
    else high = mid - 1;
  }
  return -1;
}
