import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Product } from '../src/store/index.js';
import { dialects, type TestStore } from './helpers/stores.js';

function product(id: string, overrides: Partial<Product> = {}): Product {
  return {
    id,
    title: `商品${id}`,
    description: '纯棉 T 恤',
    categoryPath: '服装 > T恤',
    brand: '棉语',
    price: 59.9,
    stock: 10,
    onShelf: true,
    attributes: { 颜色: '白色' },
    repurchasable: false,
    ...overrides,
  };
}

describe.each(dialects)('store on $name', (dialect) => {
  let t: TestStore;
  beforeEach(async () => {
    t = await dialect.open();
  });
  afterEach(async () => {
    await t.cleanup();
  });

  it('upserts products by id', async () => {
    await t.store.products.upsertMany('s1', [product('p1'), product('p2')]);
    await t.store.products.upsertMany('s1', [product('p1', { price: 49.5, onShelf: false })]);
    expect(await t.store.products.count('s1')).toBe(2);
    const p1 = await t.store.products.get('s1', 'p1');
    expect(p1?.price).toBe(49.5);
    expect(p1?.onShelf).toBe(false);
    expect(p1?.attributes).toEqual({ 颜色: '白色' });
  });

  it('keeps shops apart', async () => {
    await t.store.products.upsertMany('s1', [product('p1')]);
    await t.store.products.upsertMany('s2', [product('p1', { title: '另一家店' })]);
    expect((await t.store.products.get('s1', 'p1'))?.title).toBe('商品p1');
    expect((await t.store.products.get('s2', 'p1'))?.title).toBe('另一家店');
    expect(await t.store.products.get('s3', 'p1')).toBeUndefined();
  });

  it('returns recent events newest first', async () => {
    await t.store.events.upsertMany('s1', [
      { id: 'e1', userId: 'u1', productId: 'p1', type: 'view', ts: '2026-01-01T00:00:00.000Z', sessionId: null, query: null },
      { id: 'e2', userId: 'u1', productId: 'p2', type: 'purchase', ts: '2026-01-02T00:00:00.000Z', sessionId: 's', query: null },
      { id: 'e3', userId: 'u2', productId: 'p2', type: 'view', ts: '2026-01-03T00:00:00.000Z', sessionId: null, query: null },
    ]);
    const recent = await t.store.events.recentForUser('s1', 'u1', 10);
    expect(recent.map((e) => e.id)).toEqual(['e2', 'e1']);
    expect(await t.store.events.purchasedProductIds('s1', 'u1')).toEqual(['p2']);
  });

  it('scans events in pages in time order', async () => {
    const events = Array.from({ length: 25 }, (_, i) => ({
      id: `e${String(i).padStart(3, '0')}`,
      userId: `u${i % 3}`,
      productId: `p${i % 5}`,
      type: 'view' as const,
      ts: new Date(Date.UTC(2026, 0, 1, 0, 0, i % 7)).toISOString(),
      sessionId: null,
      query: null,
    }));
    await t.store.events.upsertMany('s1', events);
    const seen: string[] = [];
    for await (const page of t.store.events.scan('s1', 4)) seen.push(...page.map((e) => e.id));
    expect(seen).toHaveLength(25);
    expect(new Set(seen).size).toBe(25);
    const expected = [...events].sort((a, b) => (a.ts === b.ts ? a.id.localeCompare(b.id) : a.ts.localeCompare(b.ts)));
    expect(seen).toEqual(expected.map((e) => e.id));
  });

  it('replaces order lines on re-import', async () => {
    const order = {
      id: 'o1',
      userId: 'u1',
      kind: 'purchase' as const,
      status: 'delivered',
      total: 100,
      currency: 'CNY',
      createdAt: '2026-01-01T00:00:00.000Z',
      paidAt: null,
      deliveredAt: null,
      shipping: {},
      lines: [
        { lineNo: 1, productId: 'p1', title: 'A', quantity: 1, unitPrice: 60 },
        { lineNo: 2, productId: 'p2', title: 'B', quantity: 2, unitPrice: 20 },
      ],
    };
    await t.store.orders.upsertMany('s1', [order]);
    await t.store.orders.upsertMany('s1', [{ ...order, lines: [order.lines[0]!] }]);
    const stored = await t.store.orders.get('s1', 'o1');
    expect(stored?.lines).toHaveLength(1);
    expect(await t.store.orders.purchasedProductIds('s1', 'u1')).toEqual(['p1']);
  });
});
