import type { HistoryEntry } from './interactions.js';
import type { RecommendModel } from './model.js';
import { type ScoredCandidate, type ScoreOptions, scoreCandidates } from './scorer.js';

export interface RankOptions extends Omit<ScoreOptions, 'limit'> {
  limit: number;
  /**
   * Most items of one category in the result, so one category cannot fill
   * the whole list; relaxed only when too few other candidates exist. Default: half the list, at least 2.
   */
  maxPerCategory?: number;
}

/**
 * Ranks items for one user: blended candidates, then category diversity,
 * then popular items to fill a short list. Items rejected by `exclude`
 * never appear, and no item appears twice.
 */
export function rankItems(model: RecommendModel, history: readonly HistoryEntry[], options: RankOptions): ScoredCandidate[] {
  const pool = scoreCandidates(model, history, { ...options, limit: Math.max(200, options.limit * 4) });
  const cap = options.maxPerCategory ?? Math.max(2, Math.ceil(options.limit / 2));
  const picked: ScoredCandidate[] = [];
  const deferred: ScoredCandidate[] = [];
  const perCategory = new Map<string, number>();
  const taken = new Set<number>();

  for (const candidate of pool) {
    if (picked.length >= options.limit) break;
    const category = model.items[candidate.item]?.categoryPath ?? '';
    const used = perCategory.get(category) ?? 0;
    if (category && used >= cap) {
      deferred.push(candidate);
      continue;
    }
    perCategory.set(category, used + 1);
    picked.push(candidate);
    taken.add(candidate.item);
  }
  for (const candidate of deferred) {
    if (picked.length >= options.limit) break;
    picked.push(candidate);
    taken.add(candidate.item);
  }
  for (const item of model.globalTop) {
    if (picked.length >= options.limit) break;
    if (taken.has(item) || options.exclude?.(item)) continue;
    picked.push({ item, score: 0, source: 'popular' });
    taken.add(item);
  }
  return picked;
}
