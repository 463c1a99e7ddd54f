import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createContext } from '../src/core/context.js';
import { silentLogger } from '../src/core/logger.js';
import { loadModel } from '../src/recommend/artefact.js';
import { RecommendService } from '../src/recommend/service.js';
import { fixtureProducts, seedFixtureShop } from './helpers/shop-fixture.js';
import { dialects, type TestStore } from './helpers/stores.js';

describe.each(dialects)('recommend service on $name', (dialect) => {
  let t: TestStore;
  let modelDir: string;
  let service: RecommendService;
  const ctx = createContext('shop1');

  beforeEach(async () => {
    t = await dialect.open();
    modelDir = mkdtempSync(path.join(os.tmpdir(), 'shopmind-models-'));
    service = new RecommendService({ store: t.store, logger: silentLogger(), modelDir, refreshIntervalMs: 0 });
    await seedFixtureShop(t.store, 'shop1');
    await service.train(ctx);
  });

  afterEach(async () => {
    await t.cleanup();
    rmSync(modelDir, { recursive: true, force: true });
  });

  it('gives every item a bilingual reason', async () => {
    const result = await service.recommend(ctx, 'user0', { limit: 5, scene: 'home' });
    expect(result.mode).toBe('personalized');
    expect(result.items).toHaveLength(5);
    expect(new Set(result.items.map((i) => i.product_id)).size).toBe(5);
    for (const item of result.items) {
      expect(item.reason.zh.length).toBeGreaterThan(0);
      expect(item.reason.en.length).toBeGreaterThan(0);
    }
  });

  it('prefers the category the user browses', async () => {
    // user0 browses the digital group (D1..D4) and bought D4.
    const result = await service.recommend(ctx, 'user0', { limit: 3, scene: 'home' });
    const digital = result.items.filter((i) => i.product_id.startsWith('D'));
    expect(digital.length).toBeGreaterThanOrEqual(2);
    expect(result.items.some((i) => i.reason.anchor_product_id?.startsWith('D'))).toBe(true);
  });

  it('never recommends a bought durable item', async () => {
    await t.store.events.upsertMany('shop1', [
      { id: 'buy-d5', userId: 'user0', productId: 'D5', type: 'purchase', ts: '2026-11-01T00:00:00.000Z', sessionId: null, query: null },
    ]);
    for (const scene of ['home', 'product_detail', 'cart'] as const) {
      const result = await service.recommend(ctx, 'user0', { limit: 17, scene });
      expect(result.items.map((i) => i.product_id)).not.toContain('D5');
      expect(result.items.map((i) => i.product_id)).not.toContain('D4');
    }
  });

  it('may recommend a bought repurchasable item again', async () => {
    // user2 bought F4 (repurchasable snacks); on the product page of F3 it may come back.
    const result = await service.recommend(ctx, 'user2', { limit: 17, scene: 'product_detail', itemId: 'F3' });
    expect(result.items.map((i) => i.product_id)).toContain('F4');
  });

  it('hides off-shelf and sold-out items without retraining', async () => {
    const before = await service.recommend(ctx, 'user0', { limit: 3, scene: 'home' });
    const [first, second] = before.items;
    const off = fixtureProducts.find((p) => p.id === first!.product_id)!;
    const soldOut = fixtureProducts.find((p) => p.id === second!.product_id)!;
    await t.store.products.upsertMany('shop1', [
      { ...off, onShelf: false },
      { ...soldOut, stock: 0 },
    ]);
    const after = await service.recommend(ctx, 'user0', { limit: 17, scene: 'home' });
    const ids = after.items.map((i) => i.product_id);
    expect(ids).not.toContain(off.id);
    expect(ids).not.toContain(soldOut.id);
  });

  it('gives a new user cold-start items', async () => {
    const result = await service.recommend(ctx, 'never-seen', { limit: 4, scene: 'home' });
    expect(result.mode).toBe('cold-start');
    expect(result.items).toHaveLength(4);
    for (const item of result.items) expect(['popular', 'category-popular']).toContain(item.reason.code);
  });

  it('uses the product on screen for a new user', async () => {
    const result = await service.recommend(ctx, 'never-seen', { limit: 3, scene: 'product_detail', itemId: 'C1' });
    expect(result.items.map((i) => i.product_id)).not.toContain('C1');
    expect(result.items.filter((i) => i.product_id.startsWith('C')).length).toBeGreaterThanOrEqual(2);
  });

  it('reacts to new events without retraining', async () => {
    const before = await service.recommend(ctx, 'user1', { limit: 3, scene: 'home' });
    expect(before.items.filter((i) => i.product_id.startsWith('F')).length).toBeLessThanOrEqual(1);
    const now = Date.now();
    await service.recordEvents(
      ctx,
      ['F1', 'F2', 'F5'].map((productId, i) => ({
        id: `late-${i}`,
        userId: 'user1',
        productId,
        type: 'add_to_cart' as const,
        ts: new Date(now + i * 1000).toISOString(),
        sessionId: null,
        query: null,
      })),
    );
    const after = await service.recommend(ctx, 'user1', { limit: 3, scene: 'home' });
    expect(after.items.filter((i) => i.product_id.startsWith('F')).length).toBeGreaterThanOrEqual(2);
    expect(after.items.some((i) => ['F1', 'F2', 'F5'].includes(i.reason.anchor_product_id ?? ''))).toBe(true);
  });

  it('reaches a new product through its text', async () => {
    await t.store.products.upsertMany('shop1', [
      {
        id: 'NEW1',
        title: '降噪蓝牙耳机 Pro 入耳式',
        description: '声屿出品的降噪蓝牙耳机',
        categoryPath: '数码 > 配件',
        brand: '声屿',
        price: 299,
        stock: 5,
        onShelf: true,
        attributes: {},
        repurchasable: false,
      },
    ]);
    const similarToNew = await service.similar(ctx, 'NEW1', 3);
    expect(similarToNew.items[0]?.product_id).toBe('D1');
    const similarToOld = await service.similar(ctx, 'D1', 10);
    expect(similarToOld.items.map((i) => i.product_id)).toContain('NEW1');
  });

  it('rejects an unknown product with its id', async () => {
    await expect(service.similar(ctx, 'NOPE', 3)).rejects.toMatchObject({ code: 'PRODUCT_NOT_FOUND', status: 404 });
    await expect(
      service.recordEvents(ctx, [{ id: 'x', userId: 'u', productId: 'NOPE', type: 'view', ts: new Date().toISOString(), sessionId: null, query: null }]),
    ).rejects.toMatchObject({ code: 'PRODUCT_NOT_FOUND' });
    expect(await t.store.events.recentForUser('shop1', 'u', 5)).toHaveLength(0);
  });

  it('limits one category in a long list', async () => {
    const result = await service.recommend(ctx, 'never-seen', { limit: 6, scene: 'home' });
    const perCategory = new Map<string, number>();
    for (const item of result.items) perCategory.set(item.category_path, (perCategory.get(item.category_path) ?? 0) + 1);
    for (const count of perCategory.values()) expect(count).toBeLessThanOrEqual(3);
  });

  it('writes a model that loads back identically', async () => {
    const active = await t.store.modelVersions.active('shop1', 'recommend');
    expect(active).toBeDefined();
    const model = loadModel(active!.path);
    expect(model.items.map((i) => i.id).sort()).toEqual(fixtureProducts.map((p) => p.id).sort());
    expect(model.itemCf.offsets).toHaveLength(fixtureProducts.length + 1);
    expect(model.itemCf.targets.length).toBeGreaterThan(0);
    expect(model.encoder.encodeSparse('蓝牙耳机').indices.length).toBeGreaterThan(0);
  });

  it('errors clearly before any training', async () => {
    const fresh = new RecommendService({ store: t.store, logger: silentLogger(), modelDir });
    await expect(fresh.recommend(createContext('other-shop'), 'u', { limit: 3, scene: 'home' })).rejects.toMatchObject({
      code: 'MODEL_NOT_TRAINED',
    });
  });
});
