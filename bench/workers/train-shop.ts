import { trainShopModel } from '../../src/recommend/train-shop.js';
import { openStore } from '../../src/store/index.js';
import { maxRssMiB, workerMain } from '../worker.js';

export interface TrainInput {
  databaseFile: string;
  modelDir: string;
  shopId: string;
}

export interface TrainResult {
  /** Wall time of `trainShopModel`: reading the store, tuning, training and saving. */
  seconds: number;
  events: number;
  users: number;
  items: number;
  validationCases: number;
  tuned: boolean;
  modelMiB: number;
  cpuUserSeconds: number;
  cpuSystemSeconds: number;
  maxRssMiB: number;
}

workerMain<TrainInput, TrainResult>(async ({ databaseFile, modelDir, shopId }) => {
  const store = await openStore(databaseFile);
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  try {
    const result = await trainShopModel(store, shopId, modelDir);
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    return {
      seconds,
      events: result.events,
      users: result.model.stats.users,
      items: result.model.stats.items,
      validationCases: result.validationCases,
      tuned: result.tuned,
      modelMiB: Math.round((result.bytes / 2 ** 20) * 10) / 10,
      cpuUserSeconds: cpu.user / 1e6,
      cpuSystemSeconds: cpu.system / 1e6,
      maxRssMiB: maxRssMiB(),
    };
  } finally {
    await store.close();
  }
});
