/**
 * Ranking and classification metrics. Ranked lists are best first; a target
 * set holds the relevant item ids of one user or query.
 */

export function hitRate(ranked: readonly string[], targets: ReadonlySet<string>, k: number): number {
  for (let i = 0; i < Math.min(k, ranked.length); i++) if (targets.has(ranked[i]!)) return 1;
  return 0;
}

/** NDCG@k with binary relevance; the ideal ranking puts every target first. */
export function ndcg(ranked: readonly string[], targets: ReadonlySet<string>, k: number): number {
  if (targets.size === 0) return 0;
  let dcg = 0;
  for (let i = 0; i < Math.min(k, ranked.length); i++) if (targets.has(ranked[i]!)) dcg += 1 / Math.log2(i + 2);
  let ideal = 0;
  for (let i = 0; i < Math.min(k, targets.size); i++) ideal += 1 / Math.log2(i + 2);
  return dcg / ideal;
}

export function recall(ranked: readonly string[], targets: ReadonlySet<string>, k: number): number {
  if (targets.size === 0) return 0;
  return hits(ranked, targets, k) / targets.size;
}

export function precision(ranked: readonly string[], targets: ReadonlySet<string>, k: number): number {
  return hits(ranked, targets, k) / k;
}

export function f1(precisionValue: number, recallValue: number): number {
  return precisionValue + recallValue === 0 ? 0 : (2 * precisionValue * recallValue) / (precisionValue + recallValue);
}

/** Reciprocal rank of the first target, 0 when no target is ranked. */
export function reciprocalRank(ranked: readonly string[], targets: ReadonlySet<string>): number {
  for (let i = 0; i < ranked.length; i++) if (targets.has(ranked[i]!)) return 1 / (i + 1);
  return 0;
}

function hits(ranked: readonly string[], targets: ReadonlySet<string>, k: number): number {
  let count = 0;
  for (let i = 0; i < Math.min(k, ranked.length); i++) if (targets.has(ranked[i]!)) count++;
  return count;
}

export interface BinaryCounts {
  truePositive: number;
  falsePositive: number;
  trueNegative: number;
  falseNegative: number;
}

export function binaryCounts(predicted: readonly boolean[], actual: readonly boolean[]): BinaryCounts {
  const counts = { truePositive: 0, falsePositive: 0, trueNegative: 0, falseNegative: 0 };
  predicted.forEach((p, i) => {
    const a = actual[i];
    if (p && a) counts.truePositive++;
    else if (p && !a) counts.falsePositive++;
    else if (!p && a) counts.falseNegative++;
    else counts.trueNegative++;
  });
  return counts;
}

export function accuracyOf(c: BinaryCounts): number {
  const total = c.truePositive + c.falsePositive + c.trueNegative + c.falseNegative;
  return total === 0 ? 0 : (c.truePositive + c.trueNegative) / total;
}

export function f1Of(c: BinaryCounts): number {
  const p = c.truePositive + c.falsePositive === 0 ? 0 : c.truePositive / (c.truePositive + c.falsePositive);
  const r = c.truePositive + c.falseNegative === 0 ? 0 : c.truePositive / (c.truePositive + c.falseNegative);
  return f1(p, r);
}

/** Running mean of named metrics over users or queries. */
export class MetricAverager {
  private readonly sums = new Map<string, number>();
  private count = 0;

  add(values: Record<string, number>): void {
    for (const [name, value] of Object.entries(values)) this.sums.set(name, (this.sums.get(name) ?? 0) + value);
    this.count++;
  }

  get n(): number {
    return this.count;
  }

  means(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [name, sum] of this.sums) out[name] = this.count === 0 ? 0 : sum / this.count;
    return out;
  }
}
