import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import {
  DEMO_NOW,
  type OrderRecord,
  type ShipmentRecord,
  demoStoreDir,
  generateDemoStore,
  readDemoInputs,
  renderDemoStoreFiles,
} from '../examples/demo-store/simulate.js';

// These tests read the committed files, so they check what a new user imports.
const dir = demoStoreDir;
const DAY_MS = 86_400_000;
const BEIJING_OFFSET_MS = 8 * 3_600_000;

function readCsv(name: string): { header: string[]; rows: Record<string, string>[] } {
  const text = readFileSync(path.join(dir, name), 'utf8');
  const header = (parse(text, { to_line: 1 }) as string[][])[0] ?? [];
  const rows = parse(text, { columns: true, skip_empty_lines: true }) as Record<string, string>[];
  return { header, rows };
}

function readJsonl<T>(name: string): T[] {
  return readFileSync(path.join(dir, name), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as T);
}

function beijingDate(iso: string): string {
  return new Date(new Date(iso).getTime() + BEIJING_OFFSET_MS).toISOString().slice(0, 10);
}

/** End of an N-day after-sales window: 24:00 Beijing time on the Nth day after the delivery date. */
function windowClosesAt(deliveredAt: string, days: number): Date {
  const midnight = new Date(`${beijingDate(deliveredAt)}T00:00:00+08:00`);
  return new Date(midnight.getTime() + (days + 1) * DAY_MS);
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

const products = readCsv('products.csv');
const productById = new Map(products.rows.map((p) => [p.id as string, p]));
const users = readCsv('users.csv');
const events = readCsv('events.csv');
const orders = readJsonl<OrderRecord>('orders.jsonl');
const shipments = readJsonl<ShipmentRecord>('shipments.jsonl');
const policy = JSON.parse(readFileSync(path.join(dir, 'return-policy.json'), 'utf8')) as {
  no_reason_return: {
    window_days: number;
    excluded_categories: { category_prefix: string }[];
    excluded_attributes: { attribute: string; value: string }[];
  };
  quality_issue: { window_days: number };
};
const noReasonDays = policy.no_reason_return.window_days;
const qualityDays = policy.quality_issue.window_days;
const shippedStatuses = ['已发货', '已签收', '已完成', '退款中'];
const deliveredStatuses = ['已签收', '已完成', '退款中'];

function attributesOf(productId: string): Record<string, string> {
  return JSON.parse(productById.get(productId)?.attributes ?? '{}') as Record<string, string>;
}

describe('demo store products', () => {
  it('has the documented header and 90+ unique products', () => {
    expect(products.header).toEqual([
      'id',
      'title',
      'description',
      'category_path',
      'brand',
      'price',
      'stock',
      'on_shelf',
      'attributes',
      'repurchasable',
    ]);
    expect(products.rows.length).toBeGreaterThanOrEqual(90);
    expect(productById.size).toBe(products.rows.length);
  });

  it('spans six or more two-level categories', () => {
    for (const p of products.rows) expect(p.category_path, p.id).toMatch(/^[^>]+ > [^>]+$/);
    const categories = new Set(products.rows.map((p) => p.category_path?.split(' > ')[0]));
    expect(categories.size).toBeGreaterThanOrEqual(6);
  });

  it('has valid fields in every row', () => {
    for (const p of products.rows) {
      expect(Number(p.price), p.id).toBeGreaterThan(0);
      expect(Number.isInteger(Number(p.stock)), `${p.id} stock`).toBe(true);
      expect(Number(p.stock), `${p.id} stock`).toBeGreaterThanOrEqual(0);
      expect(['0', '1'], `${p.id} on_shelf`).toContain(p.on_shelf);
      expect(['0', '1'], `${p.id} repurchasable`).toContain(p.repurchasable);
      expect(p.title, p.id).toMatch(/[\u4e00-\u9fa5]/);
      expect(p.brand, p.id).not.toBe('');
      const sentences = (p.description ?? '').split(/[。！？]/).filter((s) => s.trim() !== '');
      expect(sentences.length, `${p.id} description sentences`).toBeGreaterThanOrEqual(1);
      expect(sentences.length, `${p.id} description sentences`).toBeLessThanOrEqual(3);
      const attributes = JSON.parse(p.attributes ?? '') as unknown;
      expect(attributes, `${p.id} attributes`).toBeTypeOf('object');
      expect(attributes, `${p.id} attributes`).not.toBeNull();
      expect(Array.isArray(attributes), `${p.id} attributes`).toBe(false);
      for (const value of Object.values(attributes as object)) expect(typeof value, `${p.id} attribute value`).toBe('string');
    }
  });

  it('includes off-shelf, sold-out and hygiene products', () => {
    const offShelf = products.rows.filter((p) => p.on_shelf === '0');
    const soldOut = products.rows.filter((p) => p.stock === '0');
    const hygiene = products.rows.filter((p) => attributesOf(p.id as string)['卫生用品'] === '是');
    expect(offShelf.length).toBeGreaterThanOrEqual(3);
    expect(offShelf.length).toBeLessThanOrEqual(4);
    expect(soldOut.length).toBeGreaterThanOrEqual(3);
    expect(soldOut.length).toBeLessThanOrEqual(4);
    expect(hygiene.length).toBeGreaterThanOrEqual(2);
  });

  it('matches every return-policy exclusion rule', () => {
    for (const rule of policy.no_reason_return.excluded_categories) {
      expect(products.rows.some((p) => p.category_path?.startsWith(rule.category_prefix)), rule.category_prefix).toBe(true);
    }
    for (const rule of policy.no_reason_return.excluded_attributes) {
      const matches = products.rows.filter((p) => attributesOf(p.id as string)[rule.attribute] === rule.value);
      expect(matches.length, rule.attribute).toBeGreaterThan(0);
    }
  });
});

describe('demo store behaviour', () => {
  const registeredAt = new Map(users.rows.map((u) => [u.id as string, u.registered_at as string]));
  const historyStart = new Date(DEMO_NOW.getTime() - 90 * DAY_MS);

  it('has the documented headers and sizes', () => {
    expect(users.header).toEqual(['id', 'name', 'gender', 'city', 'registered_at']);
    expect(events.header).toEqual(['id', 'user_id', 'product_id', 'type', 'ts', 'session_id', 'query']);
    expect(users.rows.length).toBeGreaterThanOrEqual(250);
    expect(users.rows.length).toBeLessThanOrEqual(350);
    expect(events.rows.length).toBeGreaterThanOrEqual(20_000);
    expect(events.rows.length).toBeLessThanOrEqual(40_000);
    expect(new Set(events.rows.map((e) => e.id)).size).toBe(events.rows.length);
  });

  it('refers only to known users and products', () => {
    for (const e of events.rows) {
      expect(registeredAt.has(e.user_id as string), `${e.id} user ${e.user_id}`).toBe(true);
      if (e.type === 'search') {
        expect(e.product_id, e.id).toBe('');
        expect(e.query, e.id).not.toBe('');
      } else {
        expect(productById.has(e.product_id as string), `${e.id} product ${e.product_id}`).toBe(true);
        expect(e.query, e.id).toBe('');
      }
    }
  });

  it('keeps events inside the 90-day window', () => {
    for (const e of events.rows) {
      const ts = new Date(e.ts as string);
      expect(ts >= historyStart, `${e.id} at ${e.ts}`).toBe(true);
      expect(ts < DEMO_NOW, `${e.id} at ${e.ts}`).toBe(true);
      expect(ts >= new Date(registeredAt.get(e.user_id as string) as string), `${e.id} before registration`).toBe(true);
    }
  });

  it('has no events on off-shelf products', () => {
    const offShelf = new Set(products.rows.filter((p) => p.on_shelf === '0').map((p) => p.id));
    expect(events.rows.filter((e) => offShelf.has(e.product_id as string))).toEqual([]);
  });

  it('repeats purchases only of repurchasable products', () => {
    const counts = new Map<string, number>();
    for (const e of events.rows.filter((row) => row.type === 'purchase')) {
      const key = `${e.user_id} ${e.product_id}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    const repeatedDurables = [...counts].filter(([key, n]) => n > 1 && productById.get(key.split(' ')[1] as string)?.repurchasable === '0');
    expect(repeatedDurables).toEqual([]);
    expect([...counts.values()].some((n) => n > 1)).toBe(true);
  });

  it('moves through the funnel at plausible rates', () => {
    const count = (type: string) => events.rows.filter((e) => e.type === type).length;
    const clickRate = count('click') / count('view');
    const purchaseRate = count('purchase') / count('view');
    expect(clickRate).toBeGreaterThan(0.15);
    expect(clickRate).toBeLessThan(0.5);
    expect(purchaseRate).toBeGreaterThan(0.01);
    expect(purchaseRate).toBeLessThan(0.08);
    expect(count('search')).toBeGreaterThan(300);
    expect(count('favorite')).toBeGreaterThan(100);
  });

  it('buys phone cases with screen protectors', () => {
    const baskets = orders.map((o) => new Set(o.lines.map((l) => l.product_id)));
    const withCase = baskets.filter((b) => b.has('SM-CAS-001') || b.has('SM-CAS-002'));
    const withBoth = withCase.filter((b) => b.has('SM-FLM-001') || b.has('SM-FLM-002'));
    expect(withCase.length).toBeGreaterThan(3);
    expect(withBoth.length / withCase.length).toBeGreaterThan(0.3);
  });
});

describe('demo store orders and shipments', () => {
  it('match the purchase events one to one', () => {
    const fromEvents = events.rows
      .filter((e) => e.type === 'purchase')
      .map((e) => `${e.user_id} ${e.product_id} ${e.ts}`)
      .sort();
    const fromOrders = orders.flatMap((o) => o.lines.map((l) => `${o.user_id} ${l.product_id} ${o.created_at}`)).sort();
    expect(fromOrders).toEqual(fromEvents);
  });

  it('never sell off-shelf products', () => {
    const sold = orders.flatMap((o) => o.lines.map((l) => l.product_id));
    expect(sold.filter((id) => productById.get(id)?.on_shelf !== '1')).toEqual([]);
  });

  it('sell sold-out products only before 2026-11-12', () => {
    const soldOutFrom = new Date('2026-11-12T00:00:00+08:00');
    const late = orders.filter(
      (o) => new Date(o.created_at) >= soldOutFrom && o.lines.some((l) => productById.get(l.product_id)?.stock === '0'),
    );
    expect(late.map((o) => o.id)).toEqual([]);
    const lateCarts = events.rows.filter(
      (e) => e.type === 'add_to_cart' && new Date(e.ts as string) >= soldOutFrom && productById.get(e.product_id as string)?.stock === '0',
    );
    expect(lateCarts.map((e) => e.id)).toEqual([]);
  });

  it('list each product once per order', () => {
    const repeated = orders.filter((o) => new Set(o.lines.map((l) => l.product_id)).size !== o.lines.length);
    expect(repeated.map((o) => o.id)).toEqual([]);
  });

  it('have ids, prices and totals that agree', () => {
    const ids = new Set<string>();
    for (const o of orders) {
      expect(o.id).toMatch(/^D\d{12}$/);
      expect(o.id.slice(1, 9), o.id).toBe(beijingDate(o.created_at).replaceAll('-', ''));
      ids.add(o.id);
      expect(o.currency).toBe('CNY');
      expect(o.shipping.phone, o.id).toMatch(/^1380000\d{4}$/);
      expect(o.shipping.address, o.id).toContain('示例区演示路');
      o.lines.forEach((line, index) => {
        const product = productById.get(line.product_id);
        expect(line.line_no).toBe(index + 1);
        expect(line.title).toBe(product?.title);
        expect(line.unit_price).toBe(Number(product?.price));
        expect(Number.isInteger(line.quantity), o.id).toBe(true);
        expect(line.quantity, o.id).toBeGreaterThanOrEqual(1);
      });
      const total = o.lines.reduce((sum, l) => sum + l.quantity * l.unit_price, 0);
      expect(o.total, o.id).toBeCloseTo(total, 2);
    }
    expect(ids.size).toBe(orders.length);
  });

  it('have timestamps that fit their status', () => {
    for (const o of orders) {
      expect(['待付款', '待发货', '已发货', '已签收', '已完成', '已取消', '退款中'], o.id).toContain(o.status);
      expect(new Date(o.created_at) < DEMO_NOW, o.id).toBe(true);
      if (o.status === '待付款') expect(o.paid_at, o.id).toBeNull();
      if (['待发货', '已发货', ...deliveredStatuses].includes(o.status)) expect(o.paid_at, o.id).not.toBeNull();
      expect(o.delivered_at !== null, `${o.id} ${o.status} delivered_at`).toBe(deliveredStatuses.includes(o.status));
      if (o.paid_at) expect(o.paid_at >= o.created_at, o.id).toBe(true);
      if (o.delivered_at && o.status === '已签收') expect(windowClosesAt(o.delivered_at, noReasonDays) > DEMO_NOW, o.id).toBe(true);
      if (o.delivered_at && o.status === '已完成') expect(windowClosesAt(o.delivered_at, noReasonDays) <= DEMO_NOW, o.id).toBe(true);
    }
  });

  it('give every shipped order one shipment', () => {
    const shipped = orders.filter((o) => shippedStatuses.includes(o.status)).map((o) => o.id);
    expect(shipments.map((s) => s.order_id).sort()).toEqual(shipped.sort());
  });

  it('have tracking that fits the order', () => {
    const orderById = new Map(orders.map((o) => [o.id, o]));
    const pattern: Record<string, RegExp> = { 顺丰速运: /^SF\d{13}$/, 中通快递: /^78\d{12}$/, 圆通速递: /^YT\d{13}$/ };
    for (const s of shipments) {
      const order = orderById.get(s.order_id) as OrderRecord;
      expect(s.tracking_no, s.order_id).toMatch(pattern[s.carrier] ?? /^$/);
      expect(s.events.length, s.order_id).toBeGreaterThan(0);
      const times = s.events.map((e) => e.time);
      expect([...times].sort(), s.order_id).toEqual(times);
      expect(new Date(times[times.length - 1] as string) <= DEMO_NOW, s.order_id).toBe(true);
      expect(s.status === '已签收', `${s.order_id} ${s.status} vs ${order.status}`).toBe(order.delivered_at !== null);
      if (order.delivered_at) expect(times[times.length - 1], s.order_id).toBe(order.delivered_at);
    }
    expect(new Set(shipments.map((s) => s.tracking_no)).size).toBe(shipments.length);
  });
});

describe('demo store hand-tuned shoppers', () => {
  const ordersOf = (userId: string) => orders.filter((o) => o.user_id === userId);

  it('u001 has orders on each side of the return windows', () => {
    const mine = ordersOf('u001');
    const delivered = mine.filter((o) => o.delivered_at);
    const returnable = delivered.filter((o) => windowClosesAt(o.delivered_at as string, noReasonDays) > DEMO_NOW);
    const qualityOnly = delivered.filter(
      (o) => !returnable.includes(o) && windowClosesAt(o.delivered_at as string, qualityDays) > DEMO_NOW,
    );
    const expired = delivered.filter((o) => windowClosesAt(o.delivered_at as string, qualityDays) <= DEMO_NOW);
    expect(returnable.map((o) => beijingDate(o.delivered_at as string))).toEqual(['2026-11-27']);
    expect(qualityOnly).toHaveLength(1);
    expect(expired.length).toBeGreaterThanOrEqual(1);
    expect(mine.filter((o) => o.status === '已发货')).toHaveLength(1);
  });

  it('u002 has two parcels in transit', () => {
    const inTransit = ordersOf('u002').filter((o) => o.status === '已发货');
    expect(inTransit).toHaveLength(2);
    const formulaOrders = ordersOf('u002').filter((o) => o.lines.some((l) => l.product_id === 'SM-FML-002'));
    expect(formulaOrders.length).toBeGreaterThanOrEqual(4);
  });

  it('u003 has a recent order with a hygiene item', () => {
    const recent = ordersOf('u003').filter((o) => o.status === '已签收');
    const lines = recent.flatMap((o) => o.lines.map((l) => attributesOf(l.product_id)['卫生用品'] === '是'));
    expect(lines).toContain(true);
    expect(lines).toContain(false);
  });

  it('u004 is new with views but no orders', () => {
    const user = users.rows.find((u) => u.id === 'u004');
    expect(DEMO_NOW.getTime() - new Date(user?.registered_at as string).getTime()).toBeLessThan(3 * DAY_MS);
    expect(events.rows.some((e) => e.user_id === 'u004' && e.type === 'view')).toBe(true);
    expect(ordersOf('u004')).toEqual([]);
  });

  it('are documented with their current order ids', () => {
    const ids = ['u001', 'u002', 'u003', 'u005'].flatMap((u) => ordersOf(u).map((o) => o.id));
    for (const readme of ['README.md', 'README.zh-CN.md']) {
      const text = readFileSync(path.join(dir, readme), 'utf8');
      expect(ids.filter((id) => !text.includes(id)), readme).toEqual([]);
    }
  });

  it('u005 has orders in every open status', () => {
    const statuses = new Set(ordersOf('u005').map((o) => o.status));
    for (const status of ['待付款', '待发货', '退款中', '已取消', '已完成']) expect(statuses.has(status as OrderRecord['status']), status).toBe(true);
  });
});

describe('demo store simulator', () => {
  const inputs = readDemoInputs();
  const first = renderDemoStoreFiles(generateDemoStore(inputs));
  const digests = (files: Record<string, string>) => Object.fromEntries(Object.entries(files).map(([name, text]) => [name, sha256(text)]));

  it('is deterministic for one seed', () => {
    expect(digests(renderDemoStoreFiles(generateDemoStore(inputs)))).toEqual(digests(first));
  });

  it('changes with the seed', () => {
    const other = renderDemoStoreFiles(generateDemoStore(inputs, { seed: 7 }));
    expect(sha256(other['events.csv'] as string)).not.toBe(sha256(first['events.csv'] as string));
  });

  it('matches the committed files', () => {
    const committed = Object.fromEntries(Object.keys(first).map((name) => [name, sha256(readFileSync(path.join(dir, name), 'utf8'))]));
    expect(committed).toEqual(digests(first));
  });
});

describe('demo store knowledge', () => {
  const faq = readCsv('faq.csv');
  const policyDir = path.join(dir, 'policies');
  const policyTexts = readdirSync(policyDir)
    .filter((name) => name.endsWith('.md'))
    .map((name) => ({ name, text: readFileSync(path.join(policyDir, name), 'utf8') }));

  it('has 60+ complete FAQ pairs', () => {
    expect(faq.header).toEqual(['question', 'answer', 'category', 'alternatives']);
    expect(faq.rows.length).toBeGreaterThanOrEqual(60);
    for (const row of faq.rows) {
      expect(row.question, 'question').not.toBe('');
      expect(row.answer, row.question).not.toBe('');
      expect(row.category, row.question).not.toBe('');
    }
    expect(new Set(faq.rows.map((r) => r.question)).size).toBe(faq.rows.length);
  });

  it('has four or more policy documents with headings', () => {
    expect(policyTexts.length).toBeGreaterThanOrEqual(4);
    for (const { name, text } of policyTexts) expect(text, name).toMatch(/^# \S/m);
  });

  it('states the same return windows everywhere', () => {
    const texts = [...faq.rows.map((r) => `${r.question} ${r.answer}`), ...policyTexts.map((p) => p.text)];
    const noReason = texts.flatMap((t) => [...t.matchAll(/(\d+)\s*天无理由/g)].map((m) => Number(m[1])));
    const quality = texts.flatMap((t) => [...t.matchAll(/质量问题[^。\n]{0,20}?(\d+)\s*天/g)].map((m) => Number(m[1])));
    expect(noReason.length).toBeGreaterThan(3);
    expect(new Set(noReason)).toEqual(new Set([noReasonDays]));
    expect(quality.length).toBeGreaterThan(1);
    expect(new Set(quality)).toEqual(new Set([qualityDays]));
  });
});
