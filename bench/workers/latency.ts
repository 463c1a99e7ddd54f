import path from 'node:path';
import { createContext } from '../../src/core/context.js';
import { silentLogger } from '../../src/core/logger.js';
import { RecommendService } from '../../src/recommend/service.js';
import { openStore } from '../../src/store/index.js';
import { createRequestPicker, inProcessMix } from '../request-mix.js';
import { type LatencySummary, summarize } from '../stats.js';
import { SyntheticShop, type SyntheticShopSpec } from '../synthetic-shop.js';
import { maxRssMiB, workerMain } from '../worker.js';

export interface LatencyInput {
  databaseFile: string;
  dataDir: string;
  shopId: string;
  spec: SyntheticShopSpec;
  warmupSeconds: number;
  durationSeconds: number;
}

export interface LatencyResult {
  /** The first request, which loads the model file and the catalogue. */
  firstRequestMs: number;
  summary: LatencySummary;
  maxRssMiB: number;
}

/** Calls `RecommendService.recommend` back to back from one caller, as a route handler would. */
workerMain<LatencyInput, LatencyResult>(async (input) => {
  const store = await openStore(input.databaseFile);
  try {
    const service = new RecommendService({ store, logger: silentLogger(), modelDir: path.join(input.dataDir, 'models') });
    const ctx = createContext(input.shopId);
    const next = createRequestPicker(new SyntheticShop(input.spec), 11, inProcessMix);
    const call = async () => {
      const request = next();
      if (request.kind !== 'recommend') return;
      await service.recommend(ctx, request.userId, { limit: request.limit, scene: request.scene, ...(request.itemId ? { itemId: request.itemId } : {}) });
    };

    let started = performance.now();
    await call();
    const firstRequestMs = performance.now() - started;

    const warmupEnd = performance.now() + input.warmupSeconds * 1000;
    while (performance.now() < warmupEnd) await call();

    const latencies: number[] = [];
    started = performance.now();
    const end = started + input.durationSeconds * 1000;
    while (performance.now() < end) {
      const t = performance.now();
      await call();
      latencies.push(performance.now() - t);
    }
    return { firstRequestMs, summary: summarize(latencies, (performance.now() - started) / 1000), maxRssMiB: maxRssMiB() };
  } finally {
    await store.close();
  }
});
