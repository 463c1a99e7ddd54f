import type { SparseVector } from '../embedding/sparse-vector.js';
import { type ScoredIndex, TopK } from './top-k.js';

export interface SparseSearchOptions {
  /** Rows never returned (e.g. the query item itself). */
  exclude?: ReadonlySet<number>;
  /**
   * Terms whose posting list is longer than this are skipped. They carry the
   * lowest IDF, so skipping them costs little accuracy and bounds the work of
   * all-pairs neighbour search. Default: no limit.
   */
  maxPostingLength?: number;
}

/**
 * Exact cosine search over normalised sparse vectors through an inverted
 * index. Rows are numbered in insertion order.
 */
export class SparseIndex {
  private readonly postings = new Map<number, { rows: number[]; weights: number[] }>();
  private rowCount = 0;
  private scores = new Float32Array(0);

  add(vector: SparseVector): number {
    const row = this.rowCount++;
    for (let i = 0; i < vector.indices.length; i++) {
      const term = vector.indices[i]!;
      let list = this.postings.get(term);
      if (!list) {
        list = { rows: [], weights: [] };
        this.postings.set(term, list);
      }
      list.rows.push(row);
      list.weights.push(vector.values[i]!);
    }
    return row;
  }

  get size(): number {
    return this.rowCount;
  }

  search(query: SparseVector, k: number, options: SparseSearchOptions = {}): ScoredIndex[] {
    if (this.scores.length < this.rowCount) this.scores = new Float32Array(Math.max(this.rowCount, this.scores.length * 2));
    const scores = this.scores;
    const touched: number[] = [];
    const maxLength = options.maxPostingLength ?? Number.POSITIVE_INFINITY;
    for (let i = 0; i < query.indices.length; i++) {
      const list = this.postings.get(query.indices[i]!);
      if (!list || list.rows.length > maxLength) continue;
      const qw = query.values[i]!;
      const { rows, weights } = list;
      for (let j = 0; j < rows.length; j++) {
        const row = rows[j]!;
        if (scores[row] === 0) touched.push(row);
        scores[row]! += qw * weights[j]!;
      }
    }
    const top = new TopK(k);
    for (const row of touched) {
      const score = scores[row]!;
      scores[row] = 0;
      if (score > 0 && !options.exclude?.has(row)) top.push(row, score);
    }
    return top.sorted();
  }
}
