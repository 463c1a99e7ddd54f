import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { seededRandom, shuffleInPlace } from '../core/random.js';
import type { Store } from '../store/index.js';
import { saveModel } from './artefact.js';
import { type HistoryEntry, eventTypeByCode, type UserSequence } from './interactions.js';
import type { RecommendModel } from './model.js';
import { loadTrainingData } from './training-data.js';
import { trainCatalogueContent, trainModel } from './train.js';
import { tuneBlendWeights, type ValidationCase } from './tuning.js';

export interface ShopTrainingResult {
  model: RecommendModel;
  path: string;
  bytes: number;
  events: number;
  unknownProductEvents: number;
  validationCases: number;
  tuned: boolean;
  seconds: number;
}

// Fewer held-out cases than this make tuned weights noise, so defaults are kept.
const minTuningCases = 30;

function history(seq: UserSequence, upTo: number): HistoryEntry[] {
  const out: HistoryEntry[] = [];
  for (let p = upTo - 1; p >= 0; p--) out.push({ item: seq.items[p]!, type: eventTypeByCode[seq.types[p]!] ?? 'view', time: seq.times[p]! });
  return out;
}

/**
 * Holds out each user's last interacted item as the validation target when
 * it is new to them and they have at least two other items; the rest is the
 * validation training data.
 */
function validationSplit(sequences: readonly UserSequence[]): { train: UserSequence[]; cases: ValidationCase[] } {
  const train: UserSequence[] = [];
  const cases: ValidationCase[] = [];
  for (const seq of sequences) {
    const last = seq.items[seq.items.length - 1]!;
    let cut = seq.items.length;
    while (cut > 0 && seq.items[cut - 1] === last) cut--;
    // A target the user already touched earlier is excluded from ranking, so it cannot count as a case.
    const earlier = seq.items.subarray(0, cut);
    if (new Set(earlier).size < 2 || earlier.includes(last)) {
      train.push(seq);
      continue;
    }
    train.push({ userId: seq.userId, items: seq.items.slice(0, cut), types: seq.types.slice(0, cut), times: seq.times.slice(0, cut) });
    cases.push({ history: history(seq, cut), targets: new Set([last]), exclude: new Set(seq.items.subarray(0, cut)) });
  }
  return { train, cases };
}

/**
 * Trains the shop's recommendation model from the store: tunes blending
 * weights on a held-out validation split, trains on everything with them,
 * writes the artefact and makes it the active version.
 */
export async function trainShopModel(store: Store, shopId: string, modelDir: string): Promise<ShopTrainingResult> {
  const started = performance.now();
  const data = await loadTrainingData(store, shopId);
  const split = validationSplit(data.sequences);
  const cases = shuffleInPlace(split.cases, seededRandom(7)).slice(0, 3000);
  // Content neighbours depend on the catalogue only, so the validation and final models share them.
  const content = trainCatalogueContent(data.items);

  let weights: RecommendModel['weights'] | undefined;
  let validation: Record<string, number> | undefined;
  if (cases.length >= minTuningCases) {
    const validationModel = trainModel({ items: data.items, sequences: split.train }, { content });
    const tuning = tuneBlendWeights(validationModel, cases);
    weights = tuning.weights;
    validation = { cases: cases.length, ndcg10_default: tuning.defaultNdcgAt10, ndcg10_tuned: tuning.ndcgAt10 };
  }

  const model = trainModel({ items: data.items, sequences: data.sequences }, weights ? { weights, content } : { content });
  model.stats.validation = validation;
  const file = path.join(modelDir, shopId, `recommend-${model.version}.bin`);
  const bytes = saveModel(model, file);
  await store.modelVersions.activate(shopId, {
    kind: 'recommend',
    version: model.version,
    path: file,
    metrics: { ...model.stats, weights: model.weights },
    createdAt: model.createdAt,
  });
  return {
    model,
    path: file,
    bytes,
    events: data.events,
    unknownProductEvents: data.unknownProductEvents,
    validationCases: cases.length,
    tuned: weights !== undefined,
    seconds: Math.round((performance.now() - started) / 100) / 10,
  };
}
