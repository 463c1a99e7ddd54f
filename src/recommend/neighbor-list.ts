import { TopK } from '../vector/top-k.js';

/**
 * Top-k neighbours of every item in compressed rows: the neighbours of item
 * `i` are `targets[offsets[i] .. offsets[i+1])` with matching `scores`, best first.
 */
export interface NeighborList {
  offsets: Uint32Array;
  targets: Uint32Array;
  scores: Float32Array;
}

export function emptyNeighborList(itemCount: number): NeighborList {
  return { offsets: new Uint32Array(itemCount + 1), targets: new Uint32Array(0), scores: new Float32Array(0) };
}

/** Visits the neighbours of `item`, best first. */
export function forEachNeighbor(list: NeighborList, item: number, visit: (target: number, score: number) => void): void {
  if (item + 1 >= list.offsets.length) return;
  const end = list.offsets[item + 1]!;
  for (let k = list.offsets[item]!; k < end; k++) visit(list.targets[k]!, list.scores[k]!);
}

export function neighborCount(list: NeighborList, item: number): number {
  if (item + 1 >= list.offsets.length) return 0;
  return list.offsets[item + 1]! - list.offsets[item]!;
}

/**
 * Packs per-item score maps into a NeighborList, keeping the `k` best per
 * item after `normalize(source, target, raw)` is applied.
 */
export function packNeighbors(
  rows: ReadonlyArray<Map<number, number> | undefined>,
  k: number,
  normalize: (source: number, target: number, raw: number) => number = (_s, _t, raw) => raw,
): NeighborList {
  const offsets = new Uint32Array(rows.length + 1);
  const kept: { targets: number[]; scores: number[] }[] = [];
  let total = 0;
  // A plain loop, because forEach skips the holes of a sparse array (items with no pairs).
  for (let source = 0; source < rows.length; source++) {
    const row = rows[source];
    const top = new TopK(k);
    if (row) for (const [target, raw] of row) top.push(target, normalize(source, target, raw));
    const sorted = top.sorted().filter((s) => s.score > 0);
    kept.push({ targets: sorted.map((s) => s.index), scores: sorted.map((s) => s.score) });
    total += sorted.length;
    offsets[source + 1] = total;
  }
  const targets = new Uint32Array(total);
  const scores = new Float32Array(total);
  kept.forEach((row, source) => {
    targets.set(row.targets, offsets[source]!);
    scores.set(row.scores, offsets[source]!);
  });
  return { offsets, targets, scores };
}
