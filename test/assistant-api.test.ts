import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig, type ShopmindConfig } from '../src/core/config.js';
import { silentLogger } from '../src/core/logger.js';
import { mintShopperToken } from '../src/core/shopper-token.js';
import { type App, buildApp } from '../src/server/app.js';
import { createServices } from '../src/server/services.js';
import { fixtureService, seedAssistantFixture, shopId } from './helpers/assistant-fixture.js';
import { dialects, type TestStore } from './helpers/stores.js';

const apiKey = 'operator-key-0123456789';

interface SseEvent {
  event: string;
  data: { type: string; text?: string; answer?: { text: string; mode: string; conversationId: string } };
}

function parseSse(body: string): SseEvent[] {
  return body
    .split('\n\n')
    .filter((block) => block.trim() !== '')
    .map((block) => {
      const event = /^event: (.+)$/m.exec(block)?.[1] ?? '';
      const data = /^data: (.+)$/m.exec(block)?.[1] ?? '{}';
      return { event, data: JSON.parse(data) as SseEvent['data'] };
    });
}

describe.each(dialects)('assistant API on $name', (dialect) => {
  let t: TestStore;
  let dataDir: string;
  let app: App;
  let config: ShopmindConfig;

  async function start(overrides: Partial<ShopmindConfig>): Promise<App> {
    config = loadConfig({}, { dataDir, databaseUrl: t.url, defaultShop: shopId, shopperTokenSecret: 's'.repeat(40), ...overrides });
    const logger = silentLogger();
    const services = { ...createServices({ config, store: t.store, logger }), assistant: fixtureService(t.store) };
    return buildApp({ config, store: t.store, logger, services });
  }

  function tokenFor(userId: string): string {
    return mintShopperToken(config.shopperTokenSecret, { shopId, userId }).token;
  }

  function chat(userId: string, payload: Record<string, unknown>, headers: Record<string, string> = {}) {
    return app.inject({
      method: 'POST',
      url: '/v1/assistant/chat',
      headers: { authorization: `Bearer ${tokenFor(userId)}`, ...headers },
      payload,
    });
  }

  beforeEach(async () => {
    t = await dialect.open();
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'shopmind-api-'));
    await seedAssistantFixture(t.store);
    app = await start({ apiKey });
  });
  afterEach(async () => {
    await app.close();
    await t.cleanup();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('mints shopper tokens for operators only', async () => {
    const minted = await app.inject({
      method: 'POST',
      url: '/v1/shopper-tokens',
      headers: { authorization: `Bearer ${apiKey}` },
      payload: { userId: 'u1', shop: shopId },
    });
    expect(minted.statusCode).toBe(201);
    const token = minted.json<{ token: string }>().token;
    const answer = await app.inject({
      method: 'POST',
      url: '/v1/assistant/chat',
      headers: { authorization: `Bearer ${token}` },
      payload: { message: '我的快递到哪了' },
    });
    expect(answer.statusCode).toBe(200);
    expect(answer.json<{ text: string }>().text).toContain('SF1234567890123');

    const refused = await app.inject({ method: 'POST', url: '/v1/shopper-tokens', payload: { userId: 'u1' } });
    expect(refused.statusCode).toBe(401);
    expect(refused.json<{ error: { code: string } }>().error.code).toBe('UNAUTHORIZED');
  });

  it('rejects chat without a valid shopper token', async () => {
    const missing = await app.inject({ method: 'POST', url: '/v1/assistant/chat', payload: { message: '你好' } });
    expect(missing.statusCode).toBe(401);
    const forged = await app.inject({
      method: 'POST',
      url: '/v1/assistant/chat',
      headers: { authorization: `Bearer ${mintShopperToken('x'.repeat(40), { shopId, userId: 'u2' }).token}` },
      payload: { message: '你好' },
    });
    expect(forged.statusCode).toBe(401);
    expect(forged.json<{ error: { message_zh: string } }>().error.message_zh).toContain('签名不匹配');
    const expired = mintShopperToken(config.shopperTokenSecret, { shopId, userId: 'u1' }, { ttlSeconds: 60, now: new Date('2020-01-01') });
    const late = await app.inject({
      method: 'POST',
      url: '/v1/assistant/chat',
      headers: { authorization: `Bearer ${expired.token}` },
      payload: { message: '你好' },
    });
    expect(late.statusCode).toBe(401);
    expect(late.json<{ error: { message_zh: string } }>().error.message_zh).toContain('已过期');
  });

  it('answers in JSON with mode and citations', async () => {
    const response = await chat('u1', { message: '退货运费谁出' });
    expect(response.statusCode).toBe(200);
    const body = response.json<{ mode: string; citations: { id: string; version: number }[]; kbVersion: number }>();
    expect(body.mode).toBe('retrieval');
    expect(body.citations[0]).toMatchObject({ id: 'faq:return-fee', version: 1 });
    expect(body.kbVersion).toBe(2);
  });

  it('answers 413 for a 5,000-character message', async () => {
    const response = await chat('u1', { message: '你'.repeat(5_000) });
    expect(response.statusCode).toBe(413);
    const error = response.json<{ error: { code: string; message_zh: string } }>().error;
    expect(error.code).toBe('MESSAGE_TOO_LONG');
    expect(error.message_zh).toContain('最多 2000');
    const streamed = await chat('u1', { message: '你'.repeat(5_000), stream: true });
    expect(streamed.statusCode).toBe(413);
  });

  it('streams over SSE', async () => {
    const response = await chat('u1', { message: '我的快递到哪了' }, { accept: 'text/event-stream' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/event-stream');
    const events = parseSse(response.body);
    const deltas = events.filter((e) => e.event === 'delta').map((e) => e.data.text).join('');
    const done = events.at(-1);
    expect(done?.event).toBe('done');
    expect(done?.data.answer?.mode).toBe('rules');
    expect(deltas).toBe(done?.data.answer?.text);
    expect(deltas).toContain('SF1234567890123');
    const byFlag = await chat('u1', { message: '我的快递到哪了', stream: true });
    expect(parseSse(byFlag.body).at(-1)?.event).toBe('done');
  });

  it('shows a conversation to its shopper and operators only', async () => {
    const first = (await chat('u1', { message: '我的快递到哪了' })).json<{ conversationId: string }>();
    const url = `/v1/assistant/conversations/${first.conversationId}`;
    const own = await app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${tokenFor('u1')}` } });
    expect(own.statusCode).toBe(200);
    expect(own.json<{ messages: unknown[] }>().messages).toHaveLength(2);
    const other = await app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${tokenFor('u2')}` } });
    expect(other.statusCode).toBe(404);
    const operator = await app.inject({ method: 'GET', url: `${url}?shop=${shopId}`, headers: { authorization: `Bearer ${apiKey}` } });
    expect(operator.statusCode).toBe(200);
    const anonymous = await app.inject({ method: 'GET', url });
    expect(anonymous.statusCode).toBe(401);
  });

  it('edits the knowledge base and bumps the version', async () => {
    const auth = { authorization: `Bearer ${apiKey}` };
    const list = await app.inject({ method: 'GET', url: `/v1/assistant/kb?shop=${shopId}&kind=faq`, headers: auth });
    expect(list.json<{ version: number; entries: unknown[] }>()).toMatchObject({ version: 2 });
    expect(list.json<{ entries: unknown[] }>().entries).toHaveLength(4);

    const created = await app.inject({
      method: 'POST',
      url: `/v1/assistant/kb?shop=${shopId}`,
      headers: auth,
      payload: { id: 'faq:gift-wrap', kind: 'faq', title: '可以礼品包装吗？', body: '可以，下单时备注“礼品包装”即可，免费。', alternatives: ['能包装成礼物吗'] },
    });
    expect(created.statusCode).toBe(201);
    expect(created.json<{ version: number }>().version).toBe(3);
    const duplicate = await app.inject({
      method: 'POST',
      url: `/v1/assistant/kb?shop=${shopId}`,
      headers: auth,
      payload: { id: 'faq:gift-wrap', kind: 'faq', title: 'x', body: 'y' },
    });
    expect(duplicate.statusCode).toBe(409);

    const answer = (await chat('u1', { message: '能包装成礼物吗' })).json<{ citations: { id: string; version: number }[]; kbVersion: number }>();
    expect(answer.citations[0]).toMatchObject({ id: 'faq:gift-wrap', version: 3 });
    expect(answer.kbVersion).toBe(3);

    const updated = await app.inject({
      method: 'PUT',
      url: `/v1/assistant/kb/faq:gift-wrap?shop=${shopId}`,
      headers: auth,
      payload: { body: '可以，下单时备注即可，收费 5 元。' },
    });
    expect(updated.json<{ version: number; entry: { body: string } }>()).toMatchObject({ version: 4, entry: { body: '可以，下单时备注即可，收费 5 元。' } });
    const deleted = await app.inject({ method: 'DELETE', url: `/v1/assistant/kb/faq:gift-wrap?shop=${shopId}`, headers: auth });
    expect(deleted.json<{ version: number }>().version).toBe(5);
    const gone = await app.inject({ method: 'GET', url: `/v1/assistant/kb/faq:gift-wrap?shop=${shopId}`, headers: auth });
    expect(gone.statusCode).toBe(404);
    expect(gone.json<{ error: { code: string } }>().error.code).toBe('KB_ENTRY_NOT_FOUND');
  });

  it('lists hand-offs for operators', async () => {
    await chat('u1', { message: '转人工' });
    const shopperView = await app.inject({ method: 'GET', url: `/v1/assistant/handoffs?shop=${shopId}`, headers: { authorization: `Bearer ${tokenFor('u1')}` } });
    expect(shopperView.statusCode).toBe(401);
    const response = await app.inject({ method: 'GET', url: `/v1/assistant/handoffs?shop=${shopId}`, headers: { authorization: `Bearer ${apiKey}` } });
    expect(response.statusCode).toBe(200);
    const handoffs = response.json<{ handoffs: { reason: string; userId: string; summary: string }[] }>().handoffs;
    expect(handoffs).toHaveLength(1);
    expect(handoffs[0]).toMatchObject({ reason: 'requested', userId: 'u1' });
  });

  it('accepts only loopback operators without an API key', async () => {
    await app.close();
    app = await start({ apiKey: undefined });
    const local = await app.inject({ method: 'GET', url: `/v1/assistant/handoffs?shop=${shopId}` });
    expect(local.statusCode).toBe(200);
    const remote = await app.inject({ method: 'GET', url: `/v1/assistant/handoffs?shop=${shopId}`, remoteAddress: '192.0.2.7' });
    expect(remote.statusCode).toBe(403);
    expect(remote.json<{ error: { message_zh: string } }>().error.message_zh).toContain('192.0.2.7');
    const asShopper = await app.inject({
      method: 'GET',
      url: `/v1/assistant/handoffs?shop=${shopId}`,
      headers: { authorization: `Bearer ${tokenFor('u1')}` },
    });
    expect(asShopper.statusCode).toBe(403);
  });
});
