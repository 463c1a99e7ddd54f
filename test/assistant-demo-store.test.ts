import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AssistantService } from '../src/assistant/assistant-service.js';
import { fixedClock } from '../src/core/clock.js';
import { silentLogger } from '../src/core/logger.js';
import { runDemoEvaluation } from '../src/evaluation/assistant-demo.js';
import { demoStoreDir, demoStoreNow, loadDemoStore } from '../src/evaluation/assistant-demo-store.js';
import { askDemo } from './helpers/demo-assistant.js';
import { dialects, type TestStore } from './helpers/stores.js';

describe.each(dialects)('assistant on the demo store ($name)', (dialect) => {
  let t: TestStore;
  let service: AssistantService;

  beforeAll(async () => {
    t = await dialect.open();
    const counts = await loadDemoStore(t.store, 'demo');
    expect(counts.orders).toBeGreaterThan(400);
    service = new AssistantService({ store: t.store, logger: silentLogger(), clock: fixedClock(demoStoreNow) });
  });
  afterAll(async () => {
    await t.cleanup();
  });

  const ask = (user: string, messages: string[]) => askDemo(service, user, ...messages);

  it('u001: earphones returnable until 12-04', async () => {
    const answer = await ask('u001', ['耳机能退吗']);
    expect(answer.orderId).toBe('D202611250005');
    expect(answer.text).toContain('2026-12-04');
    expect(answer.text).toContain('可以申请退货');
  });

  it('u001: watch window closed, quality until 12-03', async () => {
    const answer = await ask('u001', ['手表能退吗']);
    expect(answer.text).toContain('2026-11-25');
    expect(answer.text).toContain('2026-12-03');
  });

  it('u001: the only parcel on the way', async () => {
    const answer = await ask('u001', ['我的快递到哪了']);
    expect(answer.orderId).toBe('D202611280001');
    expect(answer.text).toContain('济南转运中心');
  });

  it('u002: two parcels need a question', async () => {
    const question = await ask('u002', ['我的订单到哪了']);
    expect(question.clarification?.orderIds.sort()).toEqual(['D202611270003', 'D202611280010']);
    const answer = await ask('u002', ['我的订单到哪了', '奶粉那个', '那它什么时候到？']);
    expect(answer.orderId).toBe('D202611270003');
    expect(answer.text).toContain('顺丰速运');
  });

  it('u003: lipstick only unopened, serum until 12-03', async () => {
    const answer = await ask('u003', ['我想退货']);
    expect(answer.orderId).toBe('D202611240003');
    expect(answer.text).toContain('拆封');
    expect(answer.text).toContain('2026-12-03');
  });

  it('u004: no orders to find', async () => {
    const answer = await ask('u004', ['我的订单到哪了']);
    expect(answer.text).toContain('没有订单');
  });

  it('u005: one order in each status', async () => {
    const answer = await ask('u005', ['订单D202611200002现在什么状态']);
    expect(answer.text).toContain('退款中');
  });
});

describe('demo evaluation', () => {
  it('beats both baselines on its own labels', async () => {
    const report = await runDemoEvaluation({ dataDir: demoStoreDir });
    expect(report.task).toBe('assistant');
    expect(report.dataset).toBe('demo');
    expect(Number(report.cases)).toBeGreaterThanOrEqual(150);
    const shopmind = report.models.shopmind!;
    const keyword = report.models['keyword-intent']!;
    const retrieval = report.models['retrieval-only']!;
    expect(shopmind.intent_accuracy).toBeGreaterThan(keyword.intent_accuracy!);
    expect(shopmind.fact_accuracy).toBeGreaterThan(retrieval.fact_accuracy!);
    expect(shopmind.handoff_recall).toBeGreaterThan(keyword.handoff_recall!);
    expect(shopmind.forbidden_leaks).toBe(0);
  });
});
