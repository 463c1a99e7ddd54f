/**
 * Seeded simulator of the 商智小铺 demo store.
 *
 * Reads the hand-written catalogue (products.csv) and return rules
 * (return-policy.json) from this folder and writes users.csv,
 * user-personas.csv, events.csv, orders.jsonl and shipments.jsonl beside them.
 * The same seed always gives byte-identical files.
 *
 *   npx tsx examples/demo-store/simulate.ts            # rewrite the files
 *   npx tsx examples/demo-store/simulate.ts --check    # exit 1 if the files are stale
 *
 * Model, in order:
 * 1. Shoppers u001–u005 follow the hand-written scripts in simulator/hand-tuned.ts.
 * 2. The other shoppers get a persona (数码爱好者, 宝妈, 运动达人, 美妆党, 吃货,
 *    居家达人, 随便逛逛) that weights the categories they browse, a city, a
 *    registration date and an activity level (heavy, medium, light, dormant).
 * 3. Each session starts at a time drawn from day weights (weekends, the 11.11
 *    sale) and hour weights (lunch and evening peaks) within the 90 days before
 *    2026-11-30 00:00 Beijing time. A session may open with a search, and
 *    its views mostly stay in one subcategory. Views lead to clicks, clicks to
 *    favorites and cart adds, and 42% of the sessions with a cart check out.
 * 4. A checkout may add companion products (phone case with screen protector,
 *    formula with nappies …), and a consumable may bring the shopper back for a
 *    reorder after its usual cycle. Durable goods are never bought twice by
 *    the same shopper, off-shelf products never appear, and stock-0 products
 *    cannot be ordered from 2026-11-12 on.
 * 5. Every checkout is one order (the purchase events share its created_at).
 *    Its status is read at "now" from a planned lifecycle: payment, shipping
 *    within 48 hours (72 in the 11.11 rush), transit by distance from the
 *    Hangzhou warehouse, delivery, and 已完成 once the 7-day no-reason window
 *    has closed. Shipped orders get a carrier, a tracking number and checkpoints.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Catalog, type DemoProduct, parseProductsCsv } from './simulator/catalog.js';
import { DEMO_NOW } from './simulator/calendar.js';
import { scriptedShoppers } from './simulator/hand-tuned.js';
import { simulateHistory } from './simulator/history.js';
import { type ReturnPolicy, parseReturnPolicy } from './simulator/policy.js';
import { type DemoStore, buildRecords, renderDemoStoreFiles } from './simulator/records.js';
import { Sampler } from './simulator/sampler.js';
import { BehaviourModel } from './simulator/sessions.js';

export type { DemoProduct } from './simulator/catalog.js';
export type { ReturnPolicy } from './simulator/policy.js';
export type { DemoStore, EventRow, OrderRecord, ShipmentRecord, UserRow } from './simulator/records.js';
export { DEMO_NOW, renderDemoStoreFiles };

export const DEFAULT_SEED = 20261130;
export const DEFAULT_USER_COUNT = 300;

/** This folder, where the inputs are read and the outputs written. */
export const demoStoreDir = path.dirname(fileURLToPath(import.meta.url));

export interface DemoStoreInputs {
  products: DemoProduct[];
  policy: ReturnPolicy;
}

export interface DemoStoreOptions {
  /** Seed of the random stream; default `DEFAULT_SEED`. */
  seed?: number;
  /** Shoppers in total, including the five hand-written ones; default 300. */
  userCount?: number;
  /** The instant the statuses are read at; default 2026-11-30 00:00 Beijing time. */
  now?: Date;
}

/** Reads products.csv and return-policy.json from `dir`. */
export function readDemoInputs(dir: string = demoStoreDir): DemoStoreInputs {
  return {
    products: parseProductsCsv(readFileSync(path.join(dir, 'products.csv'), 'utf8')),
    policy: parseReturnPolicy(readFileSync(path.join(dir, 'return-policy.json'), 'utf8')),
  };
}

/** Generates the demo store in memory; a pure function of the inputs and options. */
export function generateDemoStore(inputs: DemoStoreInputs, options: DemoStoreOptions = {}): DemoStore {
  const now = options.now ?? DEMO_NOW;
  const userCount = options.userCount ?? DEFAULT_USER_COUNT;
  if (userCount < scriptedShoppers.length) {
    throw new Error(`userCount ${userCount} is below the ${scriptedShoppers.length} hand-written shoppers`);
  }

  const sampler = new Sampler(options.seed ?? DEFAULT_SEED);
  const catalog = new Catalog(inputs.products, sampler);
  const model = new BehaviourModel(catalog, sampler);
  const history = simulateHistory({ catalog, model, sampler, policy: inputs.policy, now }, scriptedShoppers, userCount);
  const windows = { noReasonDays: inputs.policy.no_reason_return.window_days };
  return buildRecords(history, { catalog, sampler, windows, now });
}

function main(argv: readonly string[]): number {
  const store = generateDemoStore(readDemoInputs());
  const files = renderDemoStoreFiles(store);
  const check = argv.includes('--check');
  const stale: string[] = [];

  for (const [name, content] of Object.entries(files)) {
    const target = path.join(demoStoreDir, name);
    if (!check) writeFileSync(target, content);
    else if (readFileOrEmpty(target) !== content) stale.push(name);
  }

  const counts = `${store.users.length} users, ${store.events.length} events, ${store.orders.length} orders, ${store.shipments.length} shipments`;
  if (stale.length > 0) {
    console.error(`stale: ${stale.join(', ')}; rerun without --check to rewrite them (${counts})`);
    return 1;
  }
  console.log(`${check ? 'up to date' : `wrote ${Object.keys(files).join(', ')}`}: ${counts}`);
  return 0;
}

function readFileOrEmpty(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  process.exitCode = main(process.argv.slice(2));
}
