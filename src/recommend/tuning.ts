import { MetricAverager, ndcg } from '../evaluation/metrics.js';
import type { HistoryEntry } from './interactions.js';
import type { RecommendModel } from './model.js';
import { rankItems } from './ranker.js';
import { type BlendWeights, defaultBlendWeights } from './training-params.js';

/** One held-out case: what the user did before, and what they did next. */
export interface ValidationCase {
  history: HistoryEntry[];
  targets: ReadonlySet<number>;
  exclude: ReadonlySet<number>;
}

const searchSpace: Record<keyof BlendWeights, number[]> = {
  itemCf: [0, 0.5, 1],
  transitions: [0, 0.25, 0.5, 1, 2],
  content: [0, 0.05, 0.15, 0.4],
  popularity: [0, 0.05, 0.15, 0.4],
  historyDecay: [0.5, 0.7, 0.85, 0.95],
};

export function validationNdcg(model: RecommendModel, cases: readonly ValidationCase[], weights: BlendWeights, k = 10): number {
  const averager = new MetricAverager();
  for (const c of cases) {
    const ranked = rankItems(model, c.history, { weights, limit: k, exclude: (item) => c.exclude.has(item) });
    const ids = ranked.map((r) => String(r.item));
    averager.add({ ndcg: ndcg(ids, new Set([...c.targets].map(String)), k) });
  }
  return averager.means().ndcg ?? 0;
}

export interface TuningResult {
  weights: BlendWeights;
  ndcgAt10: number;
  defaultNdcgAt10: number;
  evaluations: number;
}

/**
 * Tunes the blending weights by coordinate ascent on validation NDCG@10:
 * each weight in turn takes the best value of its grid while the others
 * stay fixed, for two rounds. Only validation cases are seen here; the
 * test split never is.
 */
export function tuneBlendWeights(model: RecommendModel, cases: readonly ValidationCase[], rounds = 2): TuningResult {
  let best = { ...defaultBlendWeights };
  const defaultNdcg = validationNdcg(model, cases, best);
  let bestNdcg = defaultNdcg;
  let evaluations = 1;
  for (let round = 0; round < rounds; round++) {
    let improved = false;
    for (const key of Object.keys(searchSpace) as (keyof BlendWeights)[]) {
      for (const value of searchSpace[key]) {
        if (value === best[key]) continue;
        const trial = { ...best, [key]: value };
        if (trial.itemCf + trial.transitions + trial.content + trial.popularity === 0) continue;
        const score = validationNdcg(model, cases, trial);
        evaluations++;
        if (score > bestNdcg + 1e-6) {
          bestNdcg = score;
          best = trial;
          improved = true;
        }
      }
    }
    if (!improved) break;
  }
  return { weights: best, ndcgAt10: bestNdcg, defaultNdcgAt10: defaultNdcg, evaluations };
}
