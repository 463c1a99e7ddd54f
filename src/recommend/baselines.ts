import type { SparseVector } from '../embedding/sparse-vector.js';
import { sparseWeightedSum } from '../embedding/sparse-vector.js';
import type { SparseIndex } from '../vector/sparse-index.js';
import { TopK } from '../vector/top-k.js';
import type { UserSequence } from './interactions.js';
import { forEachNeighbor, type NeighborList, packNeighbors } from './neighbor-list.js';

/**
 * Reference methods the evaluation scores beside shopmind. They are kept
 * deliberately plain: each is the textbook form of its method.
 */

/** Ranks by interaction count in the training data. */
export function popularityRanking(sequences: readonly UserSequence[], itemCount: number): number[] {
  const counts = new Float64Array(itemCount);
  for (const seq of sequences) for (const item of seq.items) counts[item]! += 1;
  return [...counts.keys()].filter((i) => counts[i]! > 0).sort((a, b) => counts[b]! - counts[a]! || a - b);
}

/** Plain item-KNN: cosine similarity of items' binary user vectors, all neighbours kept. */
export function trainItemKnn(sequences: readonly UserSequence[], itemCount: number): NeighborList {
  const rows: (Map<number, number> | undefined)[] = new Array(itemCount);
  const users = new Float64Array(itemCount);
  for (const seq of sequences) {
    const distinct = [...new Set(seq.items)];
    for (const i of distinct) users[i]! += 1;
    for (let a = 0; a < distinct.length; a++) {
      for (let b = a + 1; b < distinct.length; b++) {
        const i = distinct[a]!;
        const j = distinct[b]!;
        let row = rows[i] ?? new Map<number, number>();
        rows[i] = row;
        row.set(j, (row.get(j) ?? 0) + 1);
        row = rows[j] ?? new Map<number, number>();
        rows[j] = row;
        row.set(i, (row.get(i) ?? 0) + 1);
      }
    }
  }
  return packNeighbors(rows, Number.MAX_SAFE_INTEGER, (i, j, shared) => shared / Math.sqrt(users[i]! * users[j]!));
}

/** Item-KNN scores: the sum of the history items' similarities, every history item equal. */
export function itemKnnRanking(knn: NeighborList, history: readonly number[], exclude: ReadonlySet<number>, k: number): number[] {
  const itemCount = knn.offsets.length - 1;
  const scores = new Float64Array(itemCount);
  const touched: number[] = [];
  for (const h of new Set(history)) {
    forEachNeighbor(knn, h, (target, score) => {
      if (scores[target] === 0) touched.push(target);
      scores[target]! += score;
    });
  }
  const top = new TopK(k);
  for (const item of touched) if (!exclude.has(item)) top.push(item, scores[item]!);
  return top.sorted().map((hit) => hit.index);
}

/** Content baseline: the history's text vector against every item's text vector, by cosine alone. */
export function contentRanking(
  index: SparseIndex,
  vectors: readonly SparseVector[],
  history: readonly number[],
  exclude: ReadonlySet<number>,
  k: number,
): number[] {
  const profile = sparseWeightedSum(history.map((h) => vectors[h]!));
  return index.search(profile, k, { exclude: exclude as ReadonlySet<number> }).map((hit) => hit.index);
}
