import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SyntheticShop, type SyntheticShopSpec, writeSyntheticShop } from '../bench/synthetic-shop.js';
import type { BehaviourEvent } from '../src/store/index.js';
import { dialects, type TestStore } from './helpers/stores.js';

const spec: SyntheticShopSpec = { seed: 42, products: 1_000, events: 20_000 };

function allEvents(shop: SyntheticShop, batchSize = 1_000): BehaviourEvent[] {
  return [...shop.eventBatches(batchSize)].flat();
}

function bySession(events: readonly BehaviourEvent[]): Map<string, BehaviourEvent[]> {
  const sessions = new Map<string, BehaviourEvent[]>();
  for (const event of events) {
    const list = sessions.get(event.sessionId!) ?? [];
    list.push(event);
    sessions.set(event.sessionId!, list);
  }
  return sessions;
}

describe('synthetic shop generator', () => {
  const shop = new SyntheticShop(spec);
  const events = allEvents(shop);

  it('repeats itself for the same seed', () => {
    const again = new SyntheticShop(spec);
    expect(again.products).toEqual(shop.products);
    expect(again.users()).toEqual(shop.users());
    expect(allEvents(again)).toEqual(events);
  });

  it('differs for another seed', () => {
    const other = new SyntheticShop({ ...spec, seed: 43 });
    expect(other.products.map((p) => p.title)).not.toEqual(shop.products.map((p) => p.title));
    expect(allEvents(other).slice(0, 100)).not.toEqual(events.slice(0, 100));
  });

  it('gives the same events for any batch size', () => {
    const batches = [...shop.eventBatches(7)];
    expect(batches.slice(0, -1).every((b) => b.length === 7)).toBe(true);
    expect(batches.flat()).toEqual(events);
  });

  it('writes exactly the requested counts', () => {
    expect(shop.products).toHaveLength(spec.products);
    expect(events).toHaveLength(spec.events);
    expect(shop.userCount).toBe(spec.events / 20);
    expect(new Set(events.map((e) => e.id)).size).toBe(spec.events);
  });

  it('references only catalogue products and registered users', () => {
    const productIds = new Set(shop.products.map((p) => p.id));
    const userIds = new Set(shop.users().map((u) => u.id));
    for (const event of events) {
      expect(userIds.has(event.userId)).toBe(true);
      if (event.type === 'search') {
        expect(event.productId).toBeNull();
        expect(event.query).toBeTruthy();
      } else {
        expect(productIds.has(event.productId!)).toBe(true);
      }
    }
    // Every user gets a session before active users get more.
    expect(new Set(events.map((e) => e.userId)).size).toBe(shop.userCount);
  });

  it('builds two-level categories and shared title words', () => {
    for (const product of shop.products) {
      expect(product.categoryPath).toMatch(/^[^>]+ > [^>]+$/);
      expect(product.title).toContain(product.brand);
      expect(product.price).toBeGreaterThan(0);
    }
    expect(new Set(shop.products.map((p) => p.categoryPath)).size).toBe(shop.categories.length);
    // Titles reuse a fixed vocabulary, so many products share one.
    expect(new Set(shop.products.map((p) => p.title)).size).toBeLessThan(spec.products);
  });

  it('follows the view, click, cart, purchase funnel', () => {
    const counts = new Map<string, number>();
    for (const event of events) counts.set(event.type, (counts.get(event.type) ?? 0) + 1);
    const views = counts.get('view')!;
    const clicks = counts.get('click')!;
    const carts = counts.get('add_to_cart')!;
    const purchases = counts.get('purchase')!;
    expect(views).toBeGreaterThan(clicks);
    expect(clicks).toBeGreaterThan(carts);
    expect(carts).toBeGreaterThan(purchases);
    expect(purchases).toBeGreaterThan(0);

    // The last session may be cut off at the event target, which keeps its order intact.
    for (const session of bySession(events).values()) {
      const times = session.map((e) => Date.parse(e.ts));
      expect(times).toEqual([...times].sort((a, b) => a - b));
      for (const [i, event] of session.entries()) {
        const before = session.slice(0, i);
        if (event.type === 'click') expect(before.some((e) => e.type === 'view' && e.productId === event.productId)).toBe(true);
        if (event.type === 'purchase') expect(before.some((e) => e.type === 'add_to_cart' && e.productId === event.productId)).toBe(true);
      }
    }
  });

  it('concentrates views on few products', () => {
    const views = new Map<string, number>();
    for (const event of events) if (event.type === 'view') views.set(event.productId!, (views.get(event.productId!) ?? 0) + 1);
    const sorted = [...views.values()].sort((a, b) => b - a);
    const total = sorted.reduce((sum, n) => sum + n, 0);
    const topTenth = sorted.slice(0, spec.products / 10).reduce((sum, n) => sum + n, 0);
    // With uniform popularity the top tenth would get about 10% of the views.
    expect(topTenth / total).toBeGreaterThan(0.35);
  });
});

describe.each(dialects)('synthetic shop written to $name', (dialect) => {
  let t: TestStore;

  beforeEach(async () => {
    t = await dialect.open();
  });

  afterEach(async () => {
    await t.cleanup();
  });

  it('stores every product, user and event', async () => {
    const shop = new SyntheticShop({ seed: 5, products: 200, events: 3_000 });
    const progress: number[] = [];
    const timings = await writeSyntheticShop(t.store, 'bench', shop, { eventBatchSize: 1_000, onProgress: (n) => progress.push(n) });
    expect(timings.events).toBe(3_000);
    expect(progress).toEqual([1_000, 2_000, 3_000]);
    expect(await t.store.products.count('bench')).toBe(200);
    expect(await t.store.users.count('bench')).toBe(shop.userCount);
    expect(await t.store.events.count('bench')).toBe(3_000);
  });
});
