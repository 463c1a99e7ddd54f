/**
 * Answer latency of the assistant with no LLM, in-process: a SQLite store
 * with `faqEntries` generated FAQ pairs (5,000 by default), a few products,
 * orders and shipments, then a mixed set of shopper questions answered one
 * after another. The first answer also builds the retriever, so it is timed
 * apart as `firstAnswerMs` and left out of the percentiles.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AssistantService } from '../src/assistant/assistant-service.js';
import { fixedClock } from '../src/core/clock.js';
import { createContext } from '../src/core/context.js';
import { silentLogger } from '../src/core/logger.js';
import { seededRandom } from '../src/core/random.js';
import { assistantRepositories, type KbEntryInput } from '../src/store/assistant-repositories.js';
import { openStore, type Order, type Product } from '../src/store/index.js';

export interface AssistantBenchOptions {
  /** Default 5,000. */
  faqEntries?: number;
  /** Questions answered after the first one. Default 400. */
  queries?: number;
  seed?: number;
}

export interface AssistantBenchResult {
  faqEntries: number;
  queries: number;
  firstAnswerMs: number;
  p50Ms: number;
  p99Ms: number;
  meanMs: number;
}

const topics = ['退货', '换货', '退款', '运费', '发货', '配送', '发票', '优惠券', '积分', '会员', '支付', '保修', '尺码', '地址', '取消'];
const subjects = ['耳机', '手机壳', '充电宝', 'T恤', '卫衣', '口红', '面霜', '坚果', '奶粉', '纸尿裤', '帐篷', '瑜伽垫', '保温杯', '床品', '洗衣液'];
const askings = ['怎么办', '可以吗', '要多久', '怎么申请', '有什么规定', '需要什么条件', '运费谁出', '多久到账'];
const now = '2026-11-29T16:00:00.000Z';

function faqEntries(count: number, random: () => number): KbEntryInput[] {
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  return Array.from({ length: count }, (_, i) => {
    const topic = pick(topics);
    const subject = pick(subjects);
    const asking = pick(askings);
    return {
      id: `faq:bench-${i}`,
      kind: 'faq' as const,
      title: `${subject}${topic}${asking}？`,
      body: `关于${subject}的${topic}：请在订单详情页操作，客服会在 ${1 + (i % 48)} 小时内处理。编号 ${i}。`,
      category: topic,
      alternatives: [`${subject}能${topic}吗`, `${topic}${subject}${asking}`],
    };
  });
}

function benchProducts(): Product[] {
  return subjects.map((subject, i) => ({
    id: `SM-BEN-${String(i + 1).padStart(3, '0')}`,
    title: `测试品牌 ${subject}`,
    description: `${subject}的商品说明。`,
    categoryPath: `测试 > ${subject}`,
    brand: '测试品牌',
    price: 50 + i * 10,
    stock: 100,
    onShelf: true,
    attributes: { 规格: '标准', 保修: '1年' },
    repurchasable: false,
  }));
}

function benchOrders(products: Product[]): Order[] {
  return products.slice(0, 3).map((p, i) => ({
    id: `D2026112${7 + i}000${i + 1}`,
    userId: 'u001',
    kind: 'purchase' as const,
    status: i === 0 ? '已发货' : '已签收',
    total: p.price,
    currency: 'CNY',
    createdAt: `2026-11-2${5 + i}T02:00:00.000Z`,
    paidAt: `2026-11-2${5 + i}T02:01:00.000Z`,
    deliveredAt: i === 0 ? null : '2026-11-28T02:00:00.000Z',
    shipping: {},
    lines: [{ lineNo: 1, productId: p.id, title: p.title, quantity: 1, unitPrice: p.price }],
  }));
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** Measures answer latency; returns milliseconds per answer (p50, p99, mean). */
export async function benchAssistant(options: AssistantBenchOptions = {}): Promise<AssistantBenchResult> {
  const count = options.faqEntries ?? 5_000;
  const queryCount = options.queries ?? 400;
  const random = seededRandom(options.seed ?? 7);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'shopmind-bench-assistant-'));
  const store = await openStore(path.join(dir, 'bench.db'));
  try {
    const products = benchProducts();
    await store.ensureShop('bench');
    await store.products.upsertMany('bench', products);
    const orders = benchOrders(products);
    await store.orders.upsertMany('bench', orders);
    const repositories = assistantRepositories(store);
    await repositories.shipments.upsertMany('bench', [
      { orderId: orders[0]!.id, carrier: '顺丰速运', trackingNo: 'SF1000000000001', status: '运输中', events: [{ time: now, location: '杭州市', description: '快件已发出' }] },
    ]);
    await repositories.kb.importMany('bench', faqEntries(count, random), 'bench');

    const service = new AssistantService({ store, logger: silentLogger(), clock: fixedClock(now) });
    const ctx = createContext('bench', { shopperId: 'u001' });
    const questions = [
      ...subjects.flatMap((s) => topics.slice(0, 4).map((t) => `${s}${t}怎么办`)),
      '我的快递到哪了',
      '耳机能退吗',
      `${products[4]!.id} 多少钱`,
      '转人工',
    ];

    const firstStarted = performance.now();
    await service.chat(ctx, { message: questions[0]! });
    const firstAnswerMs = performance.now() - firstStarted;

    const timings: number[] = [];
    for (let i = 0; i < queryCount; i++) {
      const started = performance.now();
      await service.chat(ctx, { message: questions[Math.floor(random() * questions.length)]! });
      timings.push(performance.now() - started);
    }
    timings.sort((a, b) => a - b);
    const round = (ms: number) => Number(ms.toFixed(2));
    return {
      faqEntries: count,
      queries: queryCount,
      firstAnswerMs: round(firstAnswerMs),
      p50Ms: round(percentile(timings, 50)),
      p99Ms: round(percentile(timings, 99)),
      meanMs: round(timings.reduce((a, b) => a + b, 0) / timings.length),
    };
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await benchAssistant()));
}
