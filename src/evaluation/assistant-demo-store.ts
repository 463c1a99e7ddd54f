import path from 'node:path';
import { importReturnPolicyFile, importShipmentsFile } from '../assistant/store-imports.js';
import { KnowledgeBase } from '../assistant/knowledge/knowledge-base.js';
import { createContext } from '../core/context.js';
import { ShopmindError } from '../core/errors.js';
import { importFile } from '../ingest/index.js';
import { assistantRepositories } from '../store/assistant-repositories.js';
import type { Store } from '../store/index.js';

/** "Today" of the demo store: 2026-11-30 00:00 Beijing time; order statuses are as of this instant. */
export const demoStoreNow = '2026-11-29T16:00:00.000Z';

/** The demo store folder of this checkout (`examples/demo-store`). */
export const demoStoreDir = path.resolve(import.meta.dirname, '../../examples/demo-store');

export interface DemoStoreCounts {
  products: number;
  users: number;
  orders: number;
  shipments: number;
  kbVersion: number;
}

/**
 * Loads the demo store into `shopId`: products, users and orders through the
 * importer, then shipments, the return rules, the FAQ and the policies.
 * Any rejected row is an error, since the demo files are known to be clean.
 */
export async function loadDemoStore(store: Store, shopId: string, folder = demoStoreDir): Promise<DemoStoreCounts> {
  const ctx = createContext(shopId);
  await store.ensureShop(shopId);
  for (const [kind, file] of [
    ['products', 'products.csv'],
    ['users', 'users.csv'],
    ['orders', 'orders.jsonl'],
  ] as const) {
    const result = await importFile(ctx, store, { kind, path: path.join(folder, file), rejectsPath: null });
    if (result.rejected > 0) {
      throw new ShopmindError(
        'INVALID_FILE',
        { zh: `演示店铺文件 ${file} 有 ${result.rejected} 行被拒收`, en: `Demo store file ${file} had ${result.rejected} rejected rows` },
        { file, rejectedRows: result.rejectedRows.slice(0, 5) },
      );
    }
  }
  const shipments = await importShipmentsFile(store, shopId, path.join(folder, 'shipments.jsonl'));
  if (shipments.errors.length > 0) {
    throw new ShopmindError(
      'INVALID_FILE',
      { zh: `演示店铺 shipments.jsonl 有 ${shipments.errors.length} 行无效`, en: `Demo store shipments.jsonl has ${shipments.errors.length} invalid lines` },
      { errors: shipments.errors.slice(0, 5) },
    );
  }
  await importReturnPolicyFile(store, shopId, path.join(folder, 'return-policy.json'));
  const knowledge = new KnowledgeBase(assistantRepositories(store));
  await knowledge.importPath(shopId, path.join(folder, 'faq.csv'));
  const policies = await knowledge.importPath(shopId, path.join(folder, 'policies'));
  return {
    products: await store.products.count(shopId),
    users: await store.users.count(shopId),
    orders: await store.orders.count(shopId),
    shipments: shipments.imported,
    kbVersion: policies.version,
  };
}
