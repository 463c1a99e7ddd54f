import { performance } from 'node:perf_hooks';
import { type ContentModel, type ItemText, trainContent } from './content.js';
import type { UserSequence } from './interactions.js';
import { trainItemCf, trainPopularity, trainTransitions } from './item-cf.js';
import { indexItems, type ItemMeta, type RecommendModel } from './model.js';
import { type BlendWeights, defaultBlendWeights, defaultTrainingParams, type TrainingParams } from './training-params.js';

export type TrainingItem = ItemMeta & ItemText;

export interface TrainingInput {
  items: TrainingItem[];
  sequences: UserSequence[];
}

export interface TrainOptions {
  params?: Partial<TrainingParams>;
  weights?: BlendWeights;
  version?: string;
  /**
   * The content model of these same items from `trainCatalogueContent` with
   * the same params. It depends on the catalogue alone, so a caller that
   * trains twice on one catalogue (tuning, then the final model) fits it once.
   */
  content?: ContentModel;
}

/** Fits the content encoder and content neighbours of a catalogue, as `trainModel` does. */
export function trainCatalogueContent(items: readonly ItemText[], params: TrainingParams = defaultTrainingParams): ContentModel {
  return trainContent(items, Math.min(params.neighbors, 50), params.contentMaxPostingLength);
}

function newestTime(sequences: readonly UserSequence[]): number {
  let newest = 0;
  for (const seq of sequences) for (const t of seq.times) if (t > newest) newest = t;
  return newest;
}

function topByPopularity(indexes: Iterable<number>, popularity: Float32Array, limit: number): number[] {
  return [...indexes]
    .filter((i) => popularity[i]! > 0)
    .sort((a, b) => popularity[b]! - popularity[a]! || a - b)
    .slice(0, limit);
}

/** Trains every candidate generator on the given catalogue and behaviour. */
export function trainModel(input: TrainingInput, options: TrainOptions = {}): RecommendModel {
  const started = performance.now();
  const params = { ...defaultTrainingParams, ...options.params };
  const itemCount = input.items.length;
  const now = newestTime(input.sequences);

  const itemCf = trainItemCf(input.sequences, itemCount, now, params);
  const transitions = trainTransitions(input.sequences, itemCount, now, params);
  const popularity = trainPopularity(input.sequences, itemCount, now, params);
  const content = options.content ?? trainCatalogueContent(input.items, params);

  const byCategory = new Map<string, number[]>();
  input.items.forEach((item, i) => {
    if (!item.categoryPath) return;
    const list = byCategory.get(item.categoryPath) ?? [];
    list.push(i);
    byCategory.set(item.categoryPath, list);
  });
  const categoryTop = new Map([...byCategory].map(([category, members]) => [category, topByPopularity(members, popularity, 200)]));

  return {
    version: options.version ?? new Date().toISOString().replace(/[-:.]/g, ''),
    createdAt: new Date().toISOString(),
    trainedUntil: now,
    items: input.items.map(({ id, title, categoryPath }) => ({ id, title, categoryPath })),
    itemIndex: indexItems(input.items),
    itemCf,
    transitions,
    content: content.neighbors,
    popularity,
    categoryTop,
    globalTop: topByPopularity(input.items.keys(), popularity, 500),
    encoder: content.encoder,
    itemVectors: content.vectors,
    params,
    weights: options.weights ?? defaultBlendWeights,
    stats: {
      users: input.sequences.length,
      events: input.sequences.reduce((sum, seq) => sum + seq.items.length, 0),
      items: itemCount,
      trainingMs: Math.round(performance.now() - started),
    },
  };
}
