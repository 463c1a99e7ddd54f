import type { HistoryEntry, UserSequence } from '../../recommend/interactions.js';
import type { TrainingItem } from '../../recommend/train.js';
import type { ValidationCase } from '../../recommend/tuning.js';

/** A dataset cut into a validation phase (for tuning) and a test phase (for the reported figures). */
export interface RecommendSplit {
  dataset: string;
  protocol: string;
  items: TrainingItem[];
  validation: { train: UserSequence[]; cases: ValidationCase[] };
  test: { train: UserSequence[]; cases: ValidationCase[] };
}

/** The sequence's entries newest first, as the scorer reads a history. */
export function historyOf(seq: UserSequence, upTo = seq.items.length): HistoryEntry[] {
  const out: HistoryEntry[] = [];
  for (let p = upTo - 1; p >= 0; p--) {
    out.push({ item: seq.items[p]!, type: typeCode(seq.types[p]!), time: seq.times[p]! });
  }
  return out;
}

function typeCode(code: number): HistoryEntry['type'] {
  return (['view', 'click', 'favorite', 'add_to_cart', 'purchase', 'search'] as const)[code] ?? 'view';
}

export function truncateSequence(seq: UserSequence, length: number): UserSequence {
  return {
    userId: seq.userId,
    items: seq.items.slice(0, length),
    types: seq.types.slice(0, length),
    times: seq.times.slice(0, length),
  };
}
