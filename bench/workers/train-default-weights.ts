import path from 'node:path';
import { saveModel } from '../../src/recommend/artefact.js';
import { loadTrainingData } from '../../src/recommend/training-data.js';
import { trainModel } from '../../src/recommend/train.js';
import { openStore } from '../../src/store/index.js';
import { maxRssMiB, workerMain } from '../worker.js';
import type { TrainInput } from './train-shop.js';

export interface DefaultWeightsResult {
  seconds: number;
  maxRssMiB: number;
}

/**
 * Trains and activates a model with the default blending weights, skipping
 * the weight tuning of `trainShopModel`. The latency benchmark uses it only
 * when the full training did not finish within its time limit, so serving
 * can still be measured; serving reads the same kind of artefact either way.
 */
workerMain<TrainInput, DefaultWeightsResult>(async ({ databaseFile, modelDir, shopId }) => {
  const started = performance.now();
  const store = await openStore(databaseFile);
  try {
    const data = await loadTrainingData(store, shopId);
    const model = trainModel({ items: data.items, sequences: data.sequences });
    const file = path.join(modelDir, shopId, `recommend-${model.version}.bin`);
    saveModel(model, file);
    await store.modelVersions.activate(shopId, {
      kind: 'recommend',
      version: model.version,
      path: file,
      metrics: { ...model.stats, weights: model.weights },
      createdAt: model.createdAt,
    });
    return { seconds: (performance.now() - started) / 1000, maxRssMiB: maxRssMiB() };
  } finally {
    await store.close();
  }
});
