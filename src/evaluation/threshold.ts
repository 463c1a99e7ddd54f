import { accuracyOf, type BinaryCounts, f1Of } from './metrics.js';

export type ThresholdMetric = 'accuracy' | 'f1';

export interface TunedThreshold {
  /** Scores at or above it are predicted positive. */
  threshold: number;
  /** The metric's value at that threshold on the tuning rows. */
  value: number;
}

/**
 * Picks the decision threshold that maximises accuracy or F1 on labelled
 * scores. The candidates are the midpoints between consecutive distinct
 * scores, one below all scores (everything positive) and one above them
 * (everything negative). On a tie the higher threshold wins.
 */
export function tuneThreshold(scores: readonly number[], labels: readonly boolean[], metric: ThresholdMetric): TunedThreshold {
  if (scores.length !== labels.length) throw new RangeError(`${scores.length} scores but ${labels.length} labels`);
  const order = [...scores.keys()].sort((a, b) => scores[b]! - scores[a]!);
  const positives = labels.filter(Boolean).length;
  const measure = metric === 'accuracy' ? accuracyOf : f1Of;
  const counts: BinaryCounts = { truePositive: 0, falsePositive: 0, trueNegative: scores.length - positives, falseNegative: positives };
  const top = scores.length === 0 ? 0 : scores[order[0]!]!;
  let best: TunedThreshold = { threshold: top + 1, value: measure(counts) };

  // Lower the threshold one group of equal scores at a time, from the top.
  let i = 0;
  while (i < order.length) {
    const score = scores[order[i]!]!;
    while (i < order.length && scores[order[i]!] === score) {
      if (labels[order[i]!]) {
        counts.truePositive++;
        counts.falseNegative--;
      } else {
        counts.falsePositive++;
        counts.trueNegative--;
      }
      i++;
    }
    const next = i < order.length ? scores[order[i]!]! : score - 1;
    const value = measure(counts);
    if (value > best.value) best = { threshold: (score + next) / 2, value };
  }
  return best;
}
