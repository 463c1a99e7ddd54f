import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { type HttpLoadResult, runHttpLoad } from './http-load.js';
import { createRequestPicker, httpMix } from './request-mix.js';
import { SyntheticShop, type SyntheticShopSpec } from './synthetic-shop.js';
import { peakRssOf, runWorker, spawnWorker, type WorkerOutcome } from './worker.js';
import type { LatencyResult } from './workers/latency.js';
import type { LoadResult } from './workers/load-shop.js';
import type { DefaultWeightsResult } from './workers/train-default-weights.js';
import type { TrainResult } from './workers/train-shop.js';

export const shopId = 'bench';

/** One synthetic shop on disk: its SQLite file and the data folder the server and models use. */
export interface ShopFiles {
  dataDir: string;
  databaseFile: string;
  modelDir: string;
}

export function shopFiles(root: string, spec: SyntheticShopSpec): ShopFiles {
  const dataDir = path.join(root, `shop-${spec.events}-${spec.products}`);
  mkdirSync(dataDir, { recursive: true });
  return { dataDir, databaseFile: path.join(dataDir, 'shopmind.db'), modelDir: path.join(dataDir, 'models') };
}

export function removeShop(files: ShopFiles): void {
  rmSync(files.dataDir, { recursive: true, force: true });
}

export interface TrainingRun {
  spec: SyntheticShopSpec;
  load?: WorkerOutcome<LoadResult>;
  train?: WorkerOutcome<TrainResult>;
  /** Reason the run was skipped. */
  skipped?: string;
}

export interface Limits {
  loadSeconds: number;
  trainSeconds: number;
}

/** Loads a fresh shop into the store in one child process and trains on it in another. */
export async function loadAndTrain(files: ShopFiles, spec: SyntheticShopSpec, limits: Limits, log: (line: string) => void): Promise<TrainingRun> {
  const run: TrainingRun = { spec };
  log(`loading ${spec.events} events, ${spec.products} products`);
  run.load = await runWorker<LoadResult>('load-shop', { databaseFile: files.databaseFile, shopId, spec }, { timeoutSeconds: limits.loadSeconds });
  if (run.load.status !== 'ok') return run;
  log(`training on ${spec.events} events (limit ${limits.trainSeconds} s)`);
  run.train = await runWorker<TrainResult>(
    'train-shop',
    { databaseFile: files.databaseFile, modelDir: files.modelDir, shopId },
    { timeoutSeconds: limits.trainSeconds },
  );
  return run;
}

/** Trains with default weights when the full training left no model to serve. */
export function trainDefaultWeights(files: ShopFiles, limits: Limits): Promise<WorkerOutcome<DefaultWeightsResult>> {
  return runWorker<DefaultWeightsResult>(
    'train-default-weights',
    { databaseFile: files.databaseFile, modelDir: files.modelDir, shopId },
    { timeoutSeconds: limits.trainSeconds },
  );
}

export interface LatencySettings {
  warmupSeconds: number;
  durationSeconds: number;
  concurrency: number;
}

export function measureInProcess(files: ShopFiles, spec: SyntheticShopSpec, settings: LatencySettings): Promise<WorkerOutcome<LatencyResult>> {
  const input = { databaseFile: files.databaseFile, dataDir: files.dataDir, shopId, spec, warmupSeconds: settings.warmupSeconds, durationSeconds: settings.durationSeconds };
  return runWorker<LatencyResult>('latency', input, { timeoutSeconds: settings.warmupSeconds + settings.durationSeconds + 300 });
}

export interface HttpRun {
  logLevel: string;
  result?: HttpLoadResult;
  error?: string;
  /** Peak resident memory of the server process, in MiB. */
  serverPeakRssMiB?: number;
}

function waitForExit(child: ReturnType<typeof spawnWorker>['child'], seconds: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), seconds * 1000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/**
 * Starts the API server in its own process on an ephemeral loopback port,
 * drives it from this process at fixed concurrency, then stops it.
 */
export async function measureHttp(files: ShopFiles, spec: SyntheticShopSpec, settings: LatencySettings, logLevel: string): Promise<HttpRun> {
  const env = {
    SHOPMIND_DATA_DIR: files.dataDir,
    DATABASE_URL: files.databaseFile,
    SHOPMIND_SHOP: shopId,
    SHOPMIND_LOG_LEVEL: logLevel,
    SHOPMIND_API_KEY: '',
    SHOPMIND_LLM_BASE_URL: '',
  };
  const server = spawnWorker('http-server', {}, { env, quiet: true });
  const run: HttpRun = { logLevel };
  try {
    const started = (await Promise.race([server.firstMessage, waitForExit(server.child, 120).then(() => undefined)])) as { port: number } | undefined;
    if (!started) throw new Error('the API server did not start within 120 s');
    run.result = await runHttpLoad({
      baseUrl: `http://127.0.0.1:${started.port}`,
      shopId,
      concurrency: settings.concurrency,
      warmupSeconds: settings.warmupSeconds,
      durationSeconds: settings.durationSeconds,
      next: createRequestPicker(new SyntheticShop(spec), 13, httpMix),
    });
    run.serverPeakRssMiB = server.child.pid ? peakRssOf(server.child.pid) : undefined;
  } catch (error) {
    run.error = error instanceof Error ? error.message : String(error);
  } finally {
    server.child.kill('SIGTERM');
    if (!(await waitForExit(server.child, 10))) server.child.kill('SIGKILL');
  }
  return run;
}
