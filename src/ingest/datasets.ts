import type { RequestContext } from '../core/context.js';
import { isShopmindError, ShopmindError } from '../core/errors.js';
import type { Store } from '../store/index.js';
import type { BehaviourEvent, Order, Product, User } from '../store/types.js';
import { type ItemSequence, readAmazonGames } from './adapters/amazon-games.js';
import { readOnlineRetail, resolveOnlineRetailFile } from './adapters/online-retail.js';
import type { DatasetImportOptions, DatasetImportResult, DatasetProgress } from './types.js';

interface DatasetRecords {
  products: Product[];
  users: User[];
  events: BehaviourEvent[];
  orders: Order[];
}

// The Amazon sequences carry order but no time. Events get one minute per
// step from this instant, so only their order within a user is meaningful.
const amazonSequenceStart = Date.UTC(2018, 0, 1);

function bareUser(id: string, attributes: Record<string, string> = {}): User {
  return { id, name: '', gender: '', city: '', registeredAt: null, attributes };
}

/**
 * Turns each user's history into purchase events (Amazon reviews stand for
 * purchases). The held-out next item is not imported, so an evaluation that
 * trains on the store and tests on those items stays fair.
 */
function amazonEvents(sequences: readonly ItemSequence[]): BehaviourEvent[] {
  return sequences.flatMap((sequence) =>
    sequence.history.map((productId, step) => ({
      id: `amazon-games:${sequence.userId}:${step}`,
      userId: sequence.userId,
      productId,
      type: 'purchase' as const,
      ts: new Date(amazonSequenceStart + step * 60_000).toISOString(),
      sessionId: null,
      query: null,
    })),
  );
}

function readDataset(options: DatasetImportOptions): DatasetRecords {
  if (options.dataset === 'amazon-games') {
    const data = readAmazonGames(options.path);
    return {
      products: data.products,
      users: data.sequences.map((sequence) => bareUser(sequence.userId)),
      events: amazonEvents(data.sequences),
      orders: [],
    };
  }
  const data = readOnlineRetail(resolveOnlineRetailFile(options.path));
  const users = new Map<string, User>();
  for (const order of data.orders) {
    if (!users.has(order.userId)) users.set(order.userId, bareUser(order.userId, order.shipping.country ? { country: order.shipping.country } : {}));
  }
  return { products: data.products, users: [...users.values()], events: data.events, orders: data.orders };
}

async function writeInBatches<T>(
  stage: DatasetProgress['stage'],
  items: readonly T[],
  batchSize: number,
  upsert: (batch: T[]) => Promise<void>,
  onProgress?: (progress: DatasetProgress) => void,
): Promise<void> {
  for (let at = 0; at < items.length; at += batchSize) {
    await upsert(items.slice(at, at + batchSize));
    onProgress?.({ stage, done: Math.min(at + batchSize, items.length), total: items.length });
  }
}

/**
 * Imports a public dataset through its adapter: products, then users,
 * orders and events, upserted in batches with stable ids, so importing the
 * same dataset again changes nothing.
 */
export async function importDataset(ctx: RequestContext, store: Store, options: DatasetImportOptions): Promise<DatasetImportResult> {
  const started = performance.now();
  let records: DatasetRecords;
  try {
    records = readDataset(options);
  } catch (error) {
    if (isShopmindError(error)) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new ShopmindError(
      'INVALID_FILE',
      {
        zh: `无法读取 ${options.dataset} 数据（${options.path}）：${reason}；请确认它是未修改的原始数据`,
        en: `Could not read the ${options.dataset} data (${options.path}): ${reason}; check that it is the unmodified original`,
      },
      { dataset: options.dataset, path: options.path },
      { cause: error },
    );
  }

  const shopId = ctx.shopId;
  const batchSize = options.batchSize ?? 2000;
  await store.ensureShop(shopId);
  await writeInBatches('products', records.products, batchSize, (batch) => store.products.upsertMany(shopId, batch), options.onProgress);
  await writeInBatches('users', records.users, batchSize, (batch) => store.users.upsertMany(shopId, batch), options.onProgress);
  await writeInBatches('orders', records.orders, batchSize, (batch) => store.orders.upsertMany(shopId, batch), options.onProgress);
  await writeInBatches('events', records.events, batchSize, (batch) => store.events.upsertMany(shopId, batch), options.onProgress);

  return {
    dataset: options.dataset,
    products: records.products.length,
    users: records.users.length,
    events: records.events.length,
    orders: records.orders.length,
    returns: records.orders.filter((order) => order.kind === 'return').length,
    elapsedMs: Math.round(performance.now() - started),
  };
}
