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
  // Typed copies of the posting lists, built on the first search after a change; iterating them is several times faster.
  private frozen = new Map<number, { rows: Uint32Array; weights: Float32Array }>();
  private rowCount = 0;
  private scores = new Float32Array(0);
  private touched = new Uint32Array(0);

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
      this.frozen.delete(term);
    }
    return row;
  }

  private posting(term: number): { rows: Uint32Array; weights: Float32Array } | undefined {
    let list = this.frozen.get(term);
    if (!list) {
      const source = this.postings.get(term);
      if (!source) return undefined;
      list = { rows: Uint32Array.from(source.rows), weights: Float32Array.from(source.weights) };
      this.frozen.set(term, list);
    }
    return list;
  }

  get size(): number {
    return this.rowCount;
  }

  search(query: SparseVector, k: number, options: SparseSearchOptions = {}): ScoredIndex[] {
    if (this.scores.length < this.rowCount) {
      this.scores = new Float32Array(Math.max(this.rowCount, this.scores.length * 2));
      this.touched = new Uint32Array(this.scores.length);
    }
    const scores = this.scores;
    const touched = this.touched;
    let touchedCount = 0;
    const maxLength = options.maxPostingLength ?? Number.POSITIVE_INFINITY;
    for (let i = 0; i < query.indices.length; i++) {
      const list = this.posting(query.indices[i]!);
      if (!list || list.rows.length > maxLength) continue;
      const qw = query.values[i]!;
      const { rows, weights } = list;
      for (let j = 0; j < rows.length; j++) {
        const row = rows[j]!;
        if (scores[row] === 0) touched[touchedCount++] = row;
        scores[row]! += qw * weights[j]!;
      }
    }
    const top = new TopK(k);
    for (let t = 0; t < touchedCount; t++) {
      const row = touched[t]!;
      const score = scores[row]!;
      scores[row] = 0;
      if (score > top.threshold && !options.exclude?.has(row)) top.push(row, score);
    }
    return top.sorted();
  }
}
