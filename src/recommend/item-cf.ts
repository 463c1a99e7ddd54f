import { eventTypeWeight, eventTypeByCode, type UserSequence } from './interactions.js';
import { type NeighborList, packNeighbors } from './neighbor-list.js';
import type { TrainingParams } from './training-params.js';

const dayMs = 86_400_000;

/** Decay factor of an interaction at `time` seen from `now`; 1 when the source has no times. */
export function recencyWeight(time: number, now: number, halfLifeDays: number): number {
  if (time <= 0 || now <= 0) return 1;
  return 0.5 ** (Math.max(0, now - time) / (halfLifeDays * dayMs));
}

function typeWeight(code: number): number {
  return eventTypeWeight[eventTypeByCode[code] ?? 'view'];
}

function addTo(rows: (Map<number, number> | undefined)[], i: number, j: number, w: number): void {
  let row = rows[i];
  if (!row) {
    row = new Map();
    rows[i] = row;
  }
  row.set(j, (row.get(j) ?? 0) + w);
}

/**
 * Item-to-item collaborative filtering from co-occurrence in users'
 * sequences. A pair's weight decays with its distance in the sequence and
 * with the age of the interactions, and very active users count less
 * (inverse user frequency). Scores are normalised by both items' weighted
 * frequency, like a cosine, so popular items do not dominate every list.
 */
export function trainItemCf(sequences: readonly UserSequence[], itemCount: number, now: number, params: TrainingParams): NeighborList {
  const rows: (Map<number, number> | undefined)[] = new Array(itemCount);
  const frequency = new Float64Array(itemCount);

  for (const seq of sequences) {
    const start = Math.max(0, seq.items.length - params.maxSequenceLength);
    const n = seq.items.length - start;
    if (n === 0) continue;
    const userWeight = 1 / Math.log2(2 + n);
    for (let p = start; p < seq.items.length; p++) {
      const i = seq.items[p]!;
      const wi = typeWeight(seq.types[p]!) * recencyWeight(seq.times[p]!, now, params.recencyHalfLifeDays);
      frequency[i]! += wi * userWeight;
      const end = Math.min(seq.items.length, p + 1 + params.cooccurrenceWindow);
      for (let q = p + 1; q < end; q++) {
        const j = seq.items[q]!;
        if (i === j) continue;
        const wj = typeWeight(seq.types[q]!) * recencyWeight(seq.times[q]!, now, params.recencyHalfLifeDays);
        const w = userWeight * params.positionDecay ** (q - p - 1) * Math.sqrt(wi * wj);
        addTo(rows, i, j, w);
        addTo(rows, j, i, w);
      }
    }
  }
  return packNeighbors(rows, params.neighbors, (i, j, raw) => raw / Math.sqrt((frequency[i]! + 1) * (frequency[j]! + 1)));
}

/**
 * Sequential transitions: how often item j is viewed or bought within the
 * next few positions after item i, as a share of everything that follows i.
 */
export function trainTransitions(
  sequences: readonly UserSequence[],
  itemCount: number,
  now: number,
  params: TrainingParams,
): NeighborList {
  const rows: (Map<number, number> | undefined)[] = new Array(itemCount);
  const outgoing = new Float64Array(itemCount);
  for (const seq of sequences) {
    const start = Math.max(0, seq.items.length - params.maxSequenceLength);
    for (let p = start; p < seq.items.length - 1; p++) {
      const i = seq.items[p]!;
      const age = recencyWeight(seq.times[p]!, now, params.recencyHalfLifeDays);
      const end = Math.min(seq.items.length, p + 1 + params.transitionSpan);
      for (let q = p + 1; q < end; q++) {
        const j = seq.items[q]!;
        if (i === j) continue;
        const w = (age * typeWeight(seq.types[q]!)) / (q - p);
        addTo(rows, i, j, w);
        outgoing[i]! += w;
      }
    }
  }
  // The +1 smoothing keeps an item seen once from claiming a certain transition.
  return packNeighbors(rows, params.neighbors, (i, _j, raw) => raw / (outgoing[i]! + 1));
}

/** Time-decayed interaction weight per item: the popularity generator's score. */
export function trainPopularity(sequences: readonly UserSequence[], itemCount: number, now: number, params: TrainingParams): Float32Array {
  const popularity = new Float32Array(itemCount);
  for (const seq of sequences) {
    for (let p = 0; p < seq.items.length; p++) {
      popularity[seq.items[p]!]! += typeWeight(seq.types[p]!) * recencyWeight(seq.times[p]!, now, params.recencyHalfLifeDays);
    }
  }
  return popularity;
}
