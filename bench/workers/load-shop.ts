import { statSync } from 'node:fs';
import { openStore } from '../../src/store/index.js';
import { SyntheticShop, type SyntheticShopSpec, writeSyntheticShop } from '../synthetic-shop.js';
import { maxRssMiB, workerMain } from '../worker.js';

export interface LoadInput {
  databaseFile: string;
  shopId: string;
  spec: SyntheticShopSpec;
}

export interface LoadResult {
  products: number;
  users: number;
  events: number;
  /** Building the catalogue and users in memory, in seconds. */
  generateSeconds: number;
  productsSeconds: number;
  usersSeconds: number;
  /** Generating and writing the events, which are produced batch by batch. */
  eventsSeconds: number;
  databaseMiB: number;
  maxRssMiB: number;
}

workerMain<LoadInput, LoadResult>(async ({ databaseFile, shopId, spec }) => {
  const started = performance.now();
  const shop = new SyntheticShop(spec);
  const generateSeconds = (performance.now() - started) / 1000;
  const store = await openStore(databaseFile);
  let timings: Awaited<ReturnType<typeof writeSyntheticShop>>;
  try {
    timings = await writeSyntheticShop(store, shopId, shop);
  } finally {
    await store.close();
  }
  return {
    products: shop.products.length,
    users: shop.userCount,
    events: timings.events,
    generateSeconds,
    productsSeconds: timings.productsSeconds,
    usersSeconds: timings.usersSeconds,
    eventsSeconds: timings.eventsSeconds,
    databaseMiB: Math.round(statSync(databaseFile).size / 2 ** 20),
    maxRssMiB: maxRssMiB(),
  };
});
