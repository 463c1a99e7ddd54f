import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { RequestContext } from '../core/context.js';
import { ShopmindError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { Store } from '../store/index.js';
import type { BehaviourEvent, EventType } from '../store/types.js';
import { loadModel } from './artefact.js';
import type { HistoryEntry } from './interactions.js';
import { LiveCatalog } from './live-catalog.js';
import { rankItems } from './ranker.js';
import { explainRecommendation, type Reason } from './reasons.js';
import { type ShopTrainingResult, trainShopModel } from './train-shop.js';

export type Scene = 'home' | 'product_detail' | 'cart' | 'order_complete';
export const scenes: readonly Scene[] = ['home', 'product_detail', 'cart', 'order_complete'];

export interface RecommendedItem {
  product_id: string;
  title: string;
  price: number;
  category_path: string;
  score: number;
  reason: Reason;
}

export interface RecommendationResult {
  user_id: string;
  scene: Scene;
  /** `personalized` when the user's behaviour drove the list, `cold-start` otherwise. */
  mode: 'personalized' | 'cold-start';
  model_version: string;
  items: RecommendedItem[];
}

export interface SimilarItemsResult {
  product_id: string;
  model_version: string;
  items: RecommendedItem[];
}

export interface TrainingJob {
  id: string;
  shop_id: string;
  status: 'running' | 'succeeded' | 'failed';
  started_at: string;
  finished_at?: string;
  result?: { model_version: string; events: number; items: number; users: number; seconds: number; tuned: boolean };
  error?: { code: string; message: string };
}

/** Outcome of one training run, as a background job reports it. */
export type TrainingSummary = NonNullable<TrainingJob['result']>;

export interface RecommendServiceOptions {
  store: Store;
  logger: Logger;
  /** Folder of trained artefacts, one sub-folder per shop. */
  modelDir: string;
  /** How often serving re-reads product changes and the active model version, in ms. Default 1000. */
  refreshIntervalMs?: number;
  /**
   * Runs a background training job. The default trains in this process,
   * which blocks request handling while it computes; a server passes a
   * runner that trains in a child process and then loads the new model.
   */
  runTraining?: (ctx: RequestContext) => Promise<TrainingSummary>;
}

interface LoadedShop {
  catalog: LiveCatalog;
  checkedAt: number;
}

// The latest events are enough to describe current interest and keep the query cheap.
const historyLimit = 50;

/**
 * Serves recommendations from the active trained model of each shop, with
 * fresh behaviour from the store at request time: an event posted now
 * changes the user's next list without retraining.
 */
export class RecommendService {
  private readonly shops = new Map<string, Promise<LoadedShop>>();
  private readonly jobs = new Map<string, TrainingJob>();
  private readonly refreshIntervalMs: number;

  constructor(private readonly options: RecommendServiceOptions) {
    this.refreshIntervalMs = options.refreshIntervalMs ?? 1000;
  }

  /** Trains now and swaps serving to the new model when done. */
  async train(ctx: RequestContext): Promise<ShopTrainingResult> {
    if ((await this.options.store.products.count(ctx.shopId)) === 0) {
      throw new ShopmindError(
        'INVALID_REQUEST',
        {
          zh: `店铺 ${ctx.shopId} 没有任何商品，无法训练；请检查店铺 ID（--shop / ?shop=），或先导入商品（shopmind import products <文件>）`,
          en: `Shop ${ctx.shopId} has no products, so there is nothing to train; check the shop id (--shop / ?shop=) or import products first (shopmind import products <file>)`,
        },
        { shop_id: ctx.shopId },
      );
    }
    const result = await trainShopModel(this.options.store, ctx.shopId, this.options.modelDir);
    const catalog = new LiveCatalog(result.model, this.options.store, ctx.shopId);
    await catalog.refresh();
    this.shops.set(ctx.shopId, Promise.resolve({ catalog, checkedAt: Date.now() }));
    this.options.logger.info({ shopId: ctx.shopId, version: result.model.version, seconds: result.seconds }, 'recommendation model trained');
    return result;
  }

  /** Starts training in the background; poll the job with `job(id)`. */
  startTraining(ctx: RequestContext): TrainingJob {
    const running = [...this.jobs.values()].find((j) => j.shop_id === ctx.shopId && j.status === 'running');
    if (running) return running;
    const job: TrainingJob = { id: randomUUID(), shop_id: ctx.shopId, status: 'running', started_at: new Date().toISOString() };
    this.jobs.set(job.id, job);
    const run = this.options.runTraining ? this.trainElsewhere(ctx, this.options.runTraining) : this.train(ctx).then(summarize);
    run.then(
      (result) => {
        job.status = 'succeeded';
        job.finished_at = new Date().toISOString();
        job.result = result;
      },
      (error: unknown) => {
        job.status = 'failed';
        job.finished_at = new Date().toISOString();
        job.error = error instanceof ShopmindError ? { code: error.code, message: error.message } : { code: 'INTERNAL', message: String(error) };
        this.options.logger.error({ err: error, shopId: ctx.shopId, jobId: job.id }, 'recommendation training failed');
      },
    );
    return job;
  }

  /** Runs an outside trainer, then drops the loaded model so the next request loads the newly active one. */
  private async trainElsewhere(ctx: RequestContext, runner: (ctx: RequestContext) => Promise<TrainingSummary>): Promise<TrainingSummary> {
    const summary = await runner(ctx);
    this.shops.delete(ctx.shopId);
    return summary;
  }

  job(id: string): TrainingJob | undefined {
    return this.jobs.get(id);
  }

  async recordEvents(ctx: RequestContext, events: BehaviourEvent[]): Promise<void> {
    const productIds = [...new Set(events.map((e) => e.productId).filter((id): id is string => !!id))];
    if (productIds.length > 0) {
      const known = new Set((await this.options.store.products.getMany(ctx.shopId, productIds)).map((p) => p.id));
      const unknown = productIds.filter((id) => !known.has(id));
      if (unknown.length > 0) {
        throw new ShopmindError(
          'PRODUCT_NOT_FOUND',
          {
            zh: `商品不存在：${unknown.join('、')}；请先导入这些商品（shopmind import products），事件未写入`,
            en: `Unknown product(s): ${unknown.join(', ')}; import them first (shopmind import products); no event was stored`,
          },
          { product_ids: unknown },
        );
      }
    }
    await this.options.store.events.upsertMany(ctx.shopId, events);
  }

  async recommend(
    ctx: RequestContext,
    userId: string,
    request: { limit: number; scene: Scene; itemId?: string },
  ): Promise<RecommendationResult> {
    const { catalog } = await this.shop(ctx.shopId);
    const anchorEntry = request.itemId ? this.requireProduct(catalog, request.itemId) : undefined;
    const { history, purchased } = await this.userState(ctx.shopId, userId, catalog);

    const anchors: HistoryEntry[] = anchorEntry ? [{ item: anchorEntry.index, type: 'click', time: Date.now() }] : [];
    const cartFirst = request.scene === 'cart' ? history.filter((h) => h.type === 'add_to_cart') : [];
    const effectiveHistory = [...anchors, ...cartFirst, ...history];
    // On the home feed, items the user just interacted with are not repeated; elsewhere only purchases are hidden.
    const recentlySeen = new Set(request.scene === 'home' ? history.map((h) => h.item) : cartFirst.map((h) => h.item));
    if (anchorEntry) recentlySeen.add(anchorEntry.index);

    const ranked = rankItems(catalog.model, effectiveHistory, {
      weights: catalog.model.weights,
      limit: request.limit,
      extraContent: catalog.extraContent,
      exclude: (item) => recentlySeen.has(item) || !catalog.isAvailable(item) || this.isBoughtAndDone(catalog, purchased, item),
    });
    const typeByItem = new Map(effectiveHistory.map((h) => [h.item, h.type] as const).reverse());
    return {
      user_id: userId,
      scene: request.scene,
      mode: effectiveHistory.length > 0 ? 'personalized' : 'cold-start',
      model_version: catalog.model.version,
      items: ranked.map((candidate) => this.present(catalog, candidate.item, candidate.score, candidate.source, candidate.anchor, typeByItem)),
    };
  }

  async similar(ctx: RequestContext, itemId: string, limit: number): Promise<SimilarItemsResult> {
    const { catalog } = await this.shop(ctx.shopId);
    const entry = this.requireProduct(catalog, itemId);
    const pool = rankItems(catalog.model, [{ item: entry.index, type: 'view', time: Date.now() }], {
      weights: { ...catalog.model.weights, popularity: Math.min(catalog.model.weights.popularity, 0.05) },
      limit: limit * 3,
      maxPerCategory: limit * 3,
      extraContent: catalog.extraContent,
      exclude: (item) => item === entry.index || !catalog.isAvailable(item),
    });
    // Similar items come from the product's own top-level category first; others only fill a short list.
    const topLevel = (categoryPath: string) => categoryPath.split('>')[0]!.trim();
    const own = topLevel(entry.product.categoryPath);
    const sameCategory = (item: number) => !own || topLevel(catalog.entryAt(item)?.product.categoryPath ?? '') === own;
    const ranked = [...pool.filter((c) => sameCategory(c.item)), ...pool.filter((c) => !sameCategory(c.item))].slice(0, limit);
    const typeByItem = new Map<number, EventType>([[entry.index, 'view']]);
    return {
      product_id: itemId,
      model_version: catalog.model.version,
      items: ranked.map((c) => this.present(catalog, c.item, c.score, c.source, c.anchor, typeByItem, true)),
    };
  }

  private present(
    catalog: LiveCatalog,
    item: number,
    score: number,
    source: Parameters<typeof explainRecommendation>[0],
    anchor: number | undefined,
    typeByItem: ReadonlyMap<number, EventType>,
    similarView = false,
  ): RecommendedItem {
    const entry = catalog.entryAt(item)!;
    const anchorMeta = anchor !== undefined ? catalog.item(anchor) : undefined;
    const reason = similarView
      ? explainSimilar(source)
      : explainRecommendation(source, anchorMeta ? { id: anchorMeta.id, title: anchorMeta.title, type: typeByItem.get(anchor!) ?? 'view' } : undefined);
    return {
      product_id: entry.product.id,
      title: entry.product.title,
      price: entry.product.price,
      category_path: entry.product.categoryPath,
      score: Math.round(score * 10_000) / 10_000,
      reason,
    };
  }

  private isBoughtAndDone(catalog: LiveCatalog, purchased: ReadonlySet<number>, item: number): boolean {
    return purchased.has(item) && !catalog.entryAt(item)?.product.repurchasable;
  }

  private requireProduct(catalog: LiveCatalog, itemId: string) {
    const entry = catalog.get(itemId);
    if (!entry) {
      throw new ShopmindError(
        'PRODUCT_NOT_FOUND',
        { zh: `商品不存在：${itemId}，请检查商品 ID 或先导入商品`, en: `Product not found: ${itemId}; check the product id or import it first` },
        { product_id: itemId },
      );
    }
    return entry;
  }

  private async userState(shopId: string, userId: string, catalog: LiveCatalog) {
    const store = this.options.store;
    const [events, boughtInEvents, boughtInOrders] = await Promise.all([
      store.events.recentForUser(shopId, userId, historyLimit),
      store.events.purchasedProductIds(shopId, userId),
      store.orders.purchasedProductIds(shopId, userId),
    ]);
    const history: HistoryEntry[] = [];
    for (const event of events) {
      const entry = event.productId ? catalog.get(event.productId) : undefined;
      if (entry && event.type !== 'search') history.push({ item: entry.index, type: event.type, time: Date.parse(event.ts) });
    }
    const purchased = new Set<number>();
    for (const id of [...boughtInEvents, ...boughtInOrders]) {
      const entry = catalog.get(id);
      if (entry) purchased.add(entry.index);
    }
    return { history, purchased };
  }

  private async shop(shopId: string): Promise<LoadedShop> {
    let loading = this.shops.get(shopId);
    if (!loading) {
      loading = this.load(shopId);
      this.shops.set(shopId, loading);
      loading.catch(() => this.shops.delete(shopId));
    }
    const shop = await loading;
    if (Date.now() - shop.checkedAt >= this.refreshIntervalMs) {
      shop.checkedAt = Date.now();
      const active = await this.options.store.modelVersions.active(shopId, 'recommend');
      if (active && active.version !== shop.catalog.model.version) {
        // Another process trained a newer model: swap to it.
        const reloaded = this.load(shopId);
        this.shops.set(shopId, reloaded);
        return reloaded;
      }
      await shop.catalog.refresh();
    }
    return shop;
  }

  private async load(shopId: string): Promise<LoadedShop> {
    const active = await this.options.store.modelVersions.active(shopId, 'recommend');
    if (!active) {
      throw new ShopmindError(
        'MODEL_NOT_TRAINED',
        {
          zh: `店铺 ${shopId} 还没有训练好的推荐模型；请先运行 shopmind train 或调用 POST /v1/recommend/train`,
          en: `Shop ${shopId} has no trained recommendation model; run shopmind train or call POST /v1/recommend/train first`,
        },
        { shop_id: shopId },
      );
    }
    const model = loadModel(path.resolve(active.path));
    const catalog = new LiveCatalog(model, this.options.store, shopId);
    await catalog.refresh();
    return { catalog, checkedAt: Date.now() };
  }
}

function summarize(result: ShopTrainingResult): TrainingSummary {
  return {
    model_version: result.model.version,
    events: result.events,
    items: result.model.stats.items,
    users: result.model.stats.users,
    seconds: result.seconds,
    tuned: result.tuned,
  };
}

function explainSimilar(source: Parameters<typeof explainRecommendation>[0]): Reason {
  if (source === 'content') return { code: source, zh: '商品内容相似', en: 'Similar product description' };
  if (source === 'transition') return { code: source, zh: '看过这款的顾客接下来常看', en: 'Shoppers often look at this next' };
  if (source === 'item-cf') return { code: source, zh: '常被一起浏览或购买', en: 'Often viewed or bought together' };
  return explainRecommendation(source);
}
