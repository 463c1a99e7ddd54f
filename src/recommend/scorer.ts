import { TopK } from '../vector/top-k.js';
import { eventTypeWeight, type HistoryEntry } from './interactions.js';
import type { RecommendModel } from './model.js';
import type { NeighborList } from './neighbor-list.js';
import type { BlendWeights } from './training-params.js';

/** Which generator contributed most to a candidate; drives the explanation. */
export type ReasonSource = 'item-cf' | 'transition' | 'content' | 'category-popular' | 'popular';

export interface ScoredCandidate {
  item: number;
  score: number;
  source: ReasonSource;
  /** History item the reason refers to, for item-cf, transition and content. */
  anchor?: number;
}

export interface ScoreOptions {
  weights: BlendWeights;
  /** Items never returned (already bought, just seen, off shelf…). */
  exclude?: (item: number) => boolean;
  /** Candidates returned before business filters; default 200. */
  limit?: number;
  /** History entries used, newest first; default 50. */
  maxHistory?: number;
  /** Extra neighbour lists for items added after training (new products), by item index. */
  extraContent?: ReadonlyMap<number, ReadonlyArray<{ item: number; score: number }>>;
}

const generators = ['itemCf', 'transition', 'content'] as const;
type Generator = (typeof generators)[number];

// Slot of each generator in the interleaved per-item buffers, in the order of `generators`.
const slotOf: Record<Generator, number> = { itemCf: 0, transition: 1, content: 2 };
const slotCount = generators.length;

/**
 * Per-item score buffers reused across requests. Scoring is synchronous, so
 * one set per catalogue size is enough in a single-threaded process. Values
 * of item `i` and generator slot `g` sit at `i * slotCount + g`: integer
 * indexing into typed arrays keeps this hot loop free of keyed property
 * lookups.
 */
class ScratchBuffers {
  /** Sum of the generator's weighted neighbour scores. */
  readonly sums: Float32Array;
  /** Largest single contribution, and the history item that gave it (-1 for none). */
  readonly best: Float32Array;
  readonly anchor: Int32Array;
  readonly seen: Uint8Array;
  readonly touched: number[] = [];

  constructor(readonly size: number) {
    this.sums = new Float32Array(size * slotCount);
    this.best = new Float32Array(size * slotCount);
    this.anchor = new Int32Array(size * slotCount).fill(-1);
    this.seen = new Uint8Array(size);
  }

  add(item: number, anchor: number, value: number, slot: number): void {
    if (item >= this.size) return;
    if (this.seen[item] === 0) {
      this.seen[item] = 1;
      this.touched.push(item);
    }
    const at = item * slotCount + slot;
    this.sums[at]! += value;
    if (value > this.best[at]!) {
      this.best[at] = value;
      this.anchor[at] = anchor;
    }
  }

  addList(list: NeighborList, anchor: number, weight: number, slot: number): void {
    if (anchor + 1 >= list.offsets.length) return;
    const end = list.offsets[anchor + 1]!;
    for (let k = list.offsets[anchor]!; k < end; k++) this.add(list.targets[k]!, anchor, weight * list.scores[k]!, slot);
  }

  sum(item: number, generator: Generator): number {
    return this.sums[item * slotCount + slotOf[generator]]!;
  }

  anchorOf(item: number, generator: Generator): number {
    return this.anchor[item * slotCount + slotOf[generator]]!;
  }

  reset(): void {
    for (const item of this.touched) {
      this.seen[item] = 0;
      const start = item * slotCount;
      for (let at = start; at < start + slotCount; at++) {
        this.sums[at] = 0;
        this.best[at] = 0;
        this.anchor[at] = -1;
      }
    }
    this.touched.length = 0;
  }
}

const scratchBySize = new Map<number, ScratchBuffers>();

function scratchFor(size: number): ScratchBuffers {
  let scratch = scratchBySize.get(size);
  if (!scratch) {
    scratch = new ScratchBuffers(size);
    scratchBySize.clear();
    scratchBySize.set(size, scratch);
  }
  return scratch;
}

/** Keeps the newest entry of each item, newest first. */
function dedupeHistory(history: readonly HistoryEntry[], max: number): HistoryEntry[] {
  const seen = new Set<number>();
  const out: HistoryEntry[] = [];
  for (const entry of history) {
    if (seen.has(entry.item)) continue;
    seen.add(entry.item);
    out.push(entry);
    if (out.length >= max) break;
  }
  return out;
}

/**
 * Scores candidates for one user from their history (newest first): each
 * generator's scores are summed over history items weighted by recency and
 * event type, scaled to [0, 1] by the best candidate, then blended.
 */
export function scoreCandidates(model: RecommendModel, history: readonly HistoryEntry[], options: ScoreOptions): ScoredCandidate[] {
  const { weights } = options;
  const entries = dedupeHistory(history, options.maxHistory ?? 50);
  // New products get indexes after the trained items; rounding up keeps the buffers stable as a few arrive.
  const size = Math.ceil((model.items.length + (options.extraContent?.size ?? 0) + 1) / 4096) * 4096;
  const scratch = scratchFor(size);

  try {
    entries.forEach((entry, position) => {
      const w = weights.historyDecay ** position * eventTypeWeight[entry.type];
      if (weights.itemCf > 0) scratch.addList(model.itemCf, entry.item, w, slotOf.itemCf);
      // Transitions describe what comes right after, so only the latest few items count.
      if (weights.transitions > 0 && position < 3) scratch.addList(model.transitions, entry.item, w, slotOf.transition);
      if (weights.content > 0) {
        scratch.addList(model.content, entry.item, w, slotOf.content);
        for (const extra of options.extraContent?.get(entry.item) ?? []) scratch.add(extra.item, entry.item, w * extra.score, slotOf.content);
      }
    });

    const recentCategories = new Set(
      entries
        .slice(0, 10)
        .map((e) => model.items[e.item]?.categoryPath)
        .filter((c): c is string => !!c),
    );
    for (const item of model.globalTop.slice(0, 200)) scratch.add(item, -1, 0, slotOf.itemCf);
    for (const category of recentCategories) {
      for (const item of model.categoryTop.get(category)?.slice(0, 50) ?? []) scratch.add(item, -1, 0, slotOf.itemCf);
    }

    // Scale by the best candidate that may be shown, so excluded items do not shrink the others.
    const eligible = options.exclude ? scratch.touched.filter((item) => !options.exclude!(item)) : scratch.touched;
    const sums = scratch.sums;
    const max = { itemCf: 0, transition: 0, content: 0 };
    for (const item of eligible) {
      const at = item * slotCount;
      if (sums[at]! > max.itemCf) max.itemCf = sums[at]!;
      if (sums[at + 1]! > max.transition) max.transition = sums[at + 1]!;
      if (sums[at + 2]! > max.content) max.content = sums[at + 2]!;
    }
    const scale = {
      itemCf: max.itemCf > 0 ? weights.itemCf / max.itemCf : 0,
      transition: max.transition > 0 ? weights.transitions / max.transition : 0,
      content: max.content > 0 ? weights.content / max.content : 0,
    };
    const popularityScale = weights.popularity / (Math.log1p(model.popularity[model.globalTop[0] ?? 0] ?? 0) || 1);

    const top = new TopK(options.limit ?? 200);
    for (const item of eligible) {
      const at = item * slotCount;
      const score =
        sums[at]! * scale.itemCf +
        sums[at + 1]! * scale.transition +
        sums[at + 2]! * scale.content +
        Math.log1p(model.popularity[item] ?? 0) * popularityScale;
      if (score > top.threshold) top.push(item, score);
    }

    return top.sorted().map(({ index: item, score }): ScoredCandidate => {
      const popularityPart = Math.log1p(model.popularity[item] ?? 0) * popularityScale;
      const { source, anchor } = explain(model, scratch, item, scale, popularityPart, recentCategories);
      // Built field by field: an object spread here was a measurable share of weight tuning.
      return anchor === undefined ? { item, score, source } : { item, score, source, anchor };
    });
  } finally {
    scratch.reset();
  }
}

function explain(
  model: RecommendModel,
  scratch: ScratchBuffers,
  item: number,
  scale: Record<Generator, number>,
  popularityPart: number,
  recentCategories: ReadonlySet<string>,
): { source: ReasonSource; anchor?: number } {
  // A history-based reason is given when that generator makes up at least a
  // quarter of the score; otherwise popularity is the honest explanation.
  let bestGenerator: Generator | undefined;
  let total = popularityPart;
  for (const g of generators) total += scratch.sum(item, g) * scale[g];
  let bestValue = total * 0.25;
  for (const g of generators) {
    const value = scratch.sum(item, g) * scale[g];
    if (value > bestValue && scratch.anchorOf(item, g) >= 0) {
      bestValue = value;
      bestGenerator = g;
    }
  }
  if (bestGenerator) {
    const source: ReasonSource = bestGenerator === 'itemCf' ? 'item-cf' : bestGenerator;
    return { source, anchor: scratch.anchorOf(item, bestGenerator) };
  }
  const category = model.items[item]?.categoryPath;
  return { source: category && recentCategories.has(category) ? 'category-popular' : 'popular' };
}
