import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig, type ShopmindConfig } from '../src/core/config.js';
import { silentLogger } from '../src/core/logger.js';
import { mintShopperToken } from '../src/core/shopper-token.js';
import { createChatClient, defaultRetryPolicy } from '../src/llm/index.js';
import { type App, buildApp } from '../src/server/app.js';
import { createServices } from '../src/server/services.js';
import { fixtureService, seedAssistantFixture, shopId } from './helpers/assistant-fixture.js';
import { type LlmTestServer, startLlmTestServer } from './helpers/llm-test-server.js';
import { dialects, type TestStore } from './helpers/stores.js';

const apiKey = 'operator-key-0123456789';

interface SseEvent {
  event: string;
  data: { type: string; text?: string; answer?: { text: string; mode: string; conversation_id: string; kb_version: number } };
}

/** Lists the path of every object key with an upper-case letter in a JSON value, e.g. `conversation.userId`. */
function camelCaseKeys(value: unknown, at = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((item, i) => camelCaseKeys(item, `${at}[${i}]`));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, inner]) => {
    const here = at ? `${at}.${key}` : key;
    return [...(/[A-Z]/.test(key) ? [here] : []), ...camelCaseKeys(inner, here)];
  });
}

/** Lists the name of every property declared in an OpenAPI schema, at any depth. */
function propertyNames(schema: unknown): string[] {
  if (Array.isArray(schema)) return schema.flatMap(propertyNames);
  if (schema === null || typeof schema !== 'object') return [];
  const own = 'properties' in schema && schema.properties && typeof schema.properties === 'object' ? Object.keys(schema.properties) : [];
  return [...own, ...Object.values(schema).flatMap(propertyNames)];
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

  async function start(overrides: Partial<ShopmindConfig>, llmServer?: LlmTestServer): Promise<App> {
    config = loadConfig({}, { dataDir, databaseUrl: t.url, defaultShop: shopId, shopperTokenSecret: 's'.repeat(40), ...overrides });
    const logger = silentLogger();
    const llm = llmServer
      ? createChatClient({
          provider: { baseUrl: llmServer.baseUrl, model: 'test-model', timeoutMs: 2_000, retry: { ...defaultRetryPolicy, maxRetries: 0 }, logPrompts: false },
        })
      : undefined;
    const services = { ...createServices({ config, store: t.store, logger }), assistant: fixtureService(t.store, llm ? { llm } : {}) };
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
    const before = Date.now();
    const minted = await app.inject({
      method: 'POST',
      url: '/v1/shopper-tokens',
      headers: { authorization: `Bearer ${apiKey}` },
      payload: { user_id: 'u1', shop: shopId, ttl_seconds: 3_600 },
    });
    expect(minted.statusCode).toBe(201);
    const body = minted.json<{ token: string; shop: string; user_id: string; expires_at: string }>();
    expect(body).toMatchObject({ shop: shopId, user_id: 'u1' });
    const lifetimeSeconds = (Date.parse(body.expires_at) - before) / 1000;
    expect(lifetimeSeconds).toBeGreaterThan(3_590);
    expect(lifetimeSeconds).toBeLessThan(3_610);
    expect(camelCaseKeys(body)).toEqual([]);
    const answer = await app.inject({
      method: 'POST',
      url: '/v1/assistant/chat',
      headers: { authorization: `Bearer ${body.token}` },
      payload: { message: '我的快递到哪了' },
    });
    expect(answer.statusCode).toBe(200);
    expect(answer.json<{ text: string }>().text).toContain('SF1234567890123');

    const refused = await app.inject({ method: 'POST', url: '/v1/shopper-tokens', payload: { user_id: 'u1' } });
    expect(refused.statusCode).toBe(401);
    expect(refused.json<{ error: { code: string } }>().error.code).toBe('UNAUTHORIZED');
  });

  it('rejects camelCase request fields', async () => {
    const token = await app.inject({
      method: 'POST',
      url: '/v1/shopper-tokens',
      headers: { authorization: `Bearer ${apiKey}` },
      payload: { userId: 'u1', ttlSeconds: 3_600 },
    });
    expect(token.statusCode).toBe(400);
    expect(token.json<{ error: { message_en: string } }>().error.message_en).toContain('user_id');
    expect(token.json<{ error: { message_en: string } }>().error.message_en).toContain('userId');

    const first = (await chat('u1', { message: '我的快递到哪了' })).json<{ conversation_id: string }>();
    const continued = await chat('u1', { message: '那它什么时候到？', conversationId: first.conversation_id });
    expect(continued.statusCode).toBe(400);
    expect(continued.json<{ error: { code: string; message_en: string } }>().error).toMatchObject({ code: 'INVALID_REQUEST' });
    expect(continued.json<{ error: { message_en: string } }>().error.message_en).toContain('conversationId');
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

  it('answers in snake_case JSON with mode and citations', async () => {
    const response = await chat('u1', { message: '退货运费谁出' });
    expect(response.statusCode).toBe(200);
    const body = response.json<{ mode: string; citations: { id: string; version: number }[]; kb_version: number; conversation_id: string }>();
    expect(body.mode).toBe('retrieval');
    expect(body.citations[0]).toMatchObject({ id: 'faq:return-fee', version: 1 });
    expect(body.kb_version).toBe(2);
    expect(body.conversation_id).toMatch(/^c_/);
    expect(camelCaseKeys(body)).toEqual([]);
  });

  it('asks which order and continues by conversation_id', async () => {
    const question = await chat('u2', { message: '我的快递到哪了' });
    const asked = question.json<{ tool: string; clarification: { order_ids: string[] }; conversation_id: string }>();
    expect(asked.tool).toBe('clarification');
    expect(asked.clarification.order_ids).toEqual(['D202611290004', 'D202611280003']);
    expect(camelCaseKeys(asked)).toEqual([]);

    const picked = await chat('u2', { message: '第二个', conversation_id: asked.conversation_id });
    expect(picked.statusCode).toBe(200);
    const answer = picked.json<{ order_id: string; conversation_id: string; text: string }>();
    expect(answer.conversation_id).toBe(asked.conversation_id);
    expect(answer.order_id).toBe('D202611280003');
    expect(answer.text).toContain('YT9876543210987');
    expect(camelCaseKeys(answer)).toEqual([]);
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

  it('refuses a megabyte body before parsing it', async () => {
    const response = await chat('u1', { message: '你'.repeat(1_000_000) });
    const error = response.json<{ error: { code: string; message_zh: string } }>().error;

    expect(response.statusCode).toBe(413);
    expect(error.message_zh).toContain('请求体过大');
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
    expect(done?.data.answer?.conversation_id).toMatch(/^c_/);
    expect(done?.data.answer?.kb_version).toBe(2);
    expect(deltas).toBe(done?.data.answer?.text);
    expect(deltas).toContain('SF1234567890123');
    expect(camelCaseKeys(events.map((e) => e.data))).toEqual([]);
    const byFlag = await chat('u1', { message: '我的快递到哪了', stream: true });
    expect(parseSse(byFlag.body).at(-1)?.event).toBe('done');
  });

  it('shows a conversation to its shopper and operators only', async () => {
    const first = (await chat('u1', { message: '我的快递到哪了' })).json<{ conversation_id: string }>();
    const url = `/v1/assistant/conversations/${first.conversation_id}`;
    const own = await app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${tokenFor('u1')}` } });
    expect(own.statusCode).toBe(200);
    const view = own.json<{
      conversation: { id: string; user_id: string; state: { focus_order_id?: string; last_intent?: string; failures: number }; created_at: string };
      messages: { role: string; created_at: string; payload: { kb_version?: number; order_id?: string; tool?: string } }[];
    }>();
    expect(view.messages).toHaveLength(2);
    expect(view.conversation).toMatchObject({ id: first.conversation_id, user_id: 'u1' });
    expect(view.conversation.state).toMatchObject({ focus_order_id: 'D202611290002', last_intent: 'logistics', failures: 0 });
    expect(view.messages[1]?.payload).toMatchObject({ kb_version: 2, order_id: 'D202611290002', tool: 'logistics_tracking' });
    expect(view.messages[1]?.created_at).toBe(view.conversation.created_at);
    expect(camelCaseKeys(view)).toEqual([]);
    const other = await app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${tokenFor('u2')}` } });
    expect(other.statusCode).toBe(404);
    const operator = await app.inject({ method: 'GET', url: `${url}?shop=${shopId}`, headers: { authorization: `Bearer ${apiKey}` } });
    expect(operator.statusCode).toBe(200);
    expect(operator.json()).toEqual(view);
    const anonymous = await app.inject({ method: 'GET', url });
    expect(anonymous.statusCode).toBe(401);
  });

  it('edits the knowledge base and bumps the version', async () => {
    const auth = { authorization: `Bearer ${apiKey}` };
    const list = await app.inject({ method: 'GET', url: `/v1/assistant/kb?shop=${shopId}&kind=faq`, headers: auth });
    expect(list.json<{ version: number; entries: unknown[] }>()).toMatchObject({ version: 2 });
    expect(list.json<{ entries: unknown[] }>().entries).toHaveLength(4);
    expect(camelCaseKeys(list.json())).toEqual([]);

    const created = await app.inject({
      method: 'POST',
      url: `/v1/assistant/kb?shop=${shopId}`,
      headers: auth,
      payload: { id: 'faq:gift-wrap', kind: 'faq', title: '可以礼品包装吗？', body: '可以，下单时备注“礼品包装”即可，免费。', alternatives: ['能包装成礼物吗'] },
    });
    expect(created.statusCode).toBe(201);
    const createdBody = created.json<{ version: number; entry: { id: string; source: string; created_at: string; updated_at: string } }>();
    expect(createdBody.version).toBe(3);
    expect(createdBody.entry).toMatchObject({ id: 'faq:gift-wrap', source: 'api' });
    expect(createdBody.entry.updated_at).toBe(createdBody.entry.created_at);
    expect(camelCaseKeys(createdBody)).toEqual([]);
    const duplicate = await app.inject({
      method: 'POST',
      url: `/v1/assistant/kb?shop=${shopId}`,
      headers: auth,
      payload: { id: 'faq:gift-wrap', kind: 'faq', title: 'x', body: 'y' },
    });
    expect(duplicate.statusCode).toBe(409);

    const answer = (await chat('u1', { message: '能包装成礼物吗' })).json<{ citations: { id: string; version: number }[]; kb_version: number }>();
    expect(answer.citations[0]).toMatchObject({ id: 'faq:gift-wrap', version: 3 });
    expect(answer.kb_version).toBe(3);

    const updated = await app.inject({
      method: 'PUT',
      url: `/v1/assistant/kb/faq:gift-wrap?shop=${shopId}`,
      headers: auth,
      payload: { body: '可以，下单时备注即可，收费 5 元。' },
    });
    expect(updated.json<{ version: number; entry: { body: string } }>()).toMatchObject({ version: 4, entry: { body: '可以，下单时备注即可，收费 5 元。' } });
    expect(camelCaseKeys(updated.json())).toEqual([]);
    const unchanged = await app.inject({ method: 'PUT', url: `/v1/assistant/kb/faq:gift-wrap?shop=${shopId}`, headers: auth, payload: {} });
    expect(unchanged.statusCode).toBe(200);
    expect(unchanged.json<{ version: number }>().version).toBe(4);
    const one = await app.inject({ method: 'GET', url: `/v1/assistant/kb/faq:gift-wrap?shop=${shopId}`, headers: auth });
    expect(one.json<{ version: number; created_at: string }>()).toMatchObject({ version: 4, created_at: createdBody.entry.created_at });
    expect(camelCaseKeys(one.json())).toEqual([]);
    const deleted = await app.inject({ method: 'DELETE', url: `/v1/assistant/kb/faq:gift-wrap?shop=${shopId}`, headers: auth });
    expect(deleted.json<{ deleted: string; version: number }>()).toEqual({ deleted: 'faq:gift-wrap', version: 5 });
    const gone = await app.inject({ method: 'GET', url: `/v1/assistant/kb/faq:gift-wrap?shop=${shopId}`, headers: auth });
    expect(gone.statusCode).toBe(404);
    expect(gone.json<{ error: { code: string } }>().error.code).toBe('KB_ENTRY_NOT_FOUND');
  });

  it('lists hand-offs for operators', async () => {
    const first = (await chat('u1', { message: '我买的耳机能退吗' })).json<{ conversation_id: string }>();
    const reply = await chat('u1', { message: '转人工', conversation_id: first.conversation_id });
    const answer = reply.json<{ handoff: { id: string; reason: string; suggested_action: string } }>();
    expect(answer.handoff).toMatchObject({ reason: 'requested' });
    expect(answer.handoff.suggested_action).toContain('退换货资格');
    expect(camelCaseKeys(answer)).toEqual([]);

    const shopperView = await app.inject({ method: 'GET', url: `/v1/assistant/handoffs?shop=${shopId}`, headers: { authorization: `Bearer ${tokenFor('u1')}` } });
    expect(shopperView.statusCode).toBe(403);
    const response = await app.inject({ method: 'GET', url: `/v1/assistant/handoffs?shop=${shopId}`, headers: { authorization: `Bearer ${apiKey}` } });
    expect(response.statusCode).toBe(200);
    const body = response.json<{
      shop: string;
      handoffs: {
        id: string;
        reason: string;
        user_id: string;
        conversation_id: string;
        order_id: string | null;
        suggested_action: string;
        packet: {
          reason_text: string;
          suggested_action: string;
          recent_shopper_messages: string[];
          order: { id: string; delivered_at: string | null; items: { product_id: string; unit_price: number }[] };
        };
      }[];
    }>();
    expect(body.shop).toBe(shopId);
    expect(body.handoffs).toHaveLength(1);
    const handoff = body.handoffs[0]!;
    expect(handoff).toMatchObject({ id: answer.handoff.id, reason: 'requested', user_id: 'u1', conversation_id: first.conversation_id, order_id: 'D202611250001' });
    expect(handoff.suggested_action).toBe(answer.handoff.suggested_action);
    expect(handoff.packet.reason_text).toBe('顾客要求转人工');
    expect(handoff.packet.suggested_action).toBe(answer.handoff.suggested_action);
    expect(handoff.packet.recent_shopper_messages).toEqual(['我买的耳机能退吗', '转人工']);
    expect(handoff.packet.order).toMatchObject({ id: 'D202611250001', delivered_at: '2026-11-27T06:00:00.000Z' });
    expect(handoff.packet.order.items).toEqual([{ product_id: 'SM-EAR-001', title: '声屿 T3 Pro 主动降噪真无线蓝牙耳机', quantity: 1, unit_price: 299 }]);
    expect(JSON.stringify(body)).not.toContain('13812345678');
    expect(camelCaseKeys(body)).toEqual([]);
  });

  it('reports model usage and fallback in snake_case', async () => {
    const llmServer = await startLlmTestServer();
    try {
      await app.close();
      app = await start({ apiKey }, llmServer);
      llmServer.enqueue({ kind: 'answer', content: '您的包裹（运单号 SF1234567890123）已到达上海转运中心[1]。', usage: { prompt_tokens: 40, completion_tokens: 9 } });
      const used = (await chat('u1', { message: '我的快递到哪了' })).json<{
        mode: string;
        llm: { model: string; usage: { prompt_tokens: number; completion_tokens: number; total_tokens: number }; latency_ms: number };
      }>();
      expect(used.mode).toBe('llm');
      expect(used.llm.model).toBe('test-model');
      expect(used.llm.usage).toEqual({ prompt_tokens: 40, completion_tokens: 9, total_tokens: 49 });
      expect(used.llm.latency_ms).toBeGreaterThanOrEqual(0);
      expect(camelCaseKeys(used)).toEqual([]);

      llmServer.enqueue({ kind: 'answer', content: '您的包裹预计 3 天内送达[1]。' });
      const fallback = (await chat('u1', { message: '我的快递到哪了' })).json<{ mode: string; llm: { fallback_reason: string[] } }>();
      expect(fallback.mode).toBe('rules');
      expect(fallback.llm.fallback_reason).toContain('number 3 is not in any source');
      expect(camelCaseKeys(fallback)).toEqual([]);
    } finally {
      await llmServer.close();
    }
  });

  it('documents snake_case fields in the OpenAPI output', async () => {
    const response = await app.inject({ method: 'GET', url: '/docs/json' });
    expect(response.statusCode).toBe(200);
    const paths = response.json<{ paths: Record<string, { post?: { requestBody?: unknown; responses?: unknown } }> }>().paths;
    const chatBody = propertyNames(paths['/v1/assistant/chat']?.post?.requestBody);
    expect(chatBody).toEqual(expect.arrayContaining(['message', 'conversation_id', 'stream']));
    const chatReply = propertyNames(paths['/v1/assistant/chat']?.post?.responses);
    expect(chatReply).toEqual(expect.arrayContaining(['conversation_id', 'kb_version', 'order_id', 'suggested_action', 'order_ids', 'latency_ms', 'fallback_reason']));
    const tokenBody = propertyNames(paths['/v1/shopper-tokens']?.post?.requestBody);
    expect(tokenBody).toEqual(expect.arrayContaining(['user_id', 'ttl_seconds']));
    expect(propertyNames(paths['/v1/assistant/handoffs'])).toEqual(expect.arrayContaining(['recent_shopper_messages', 'unit_price']));
    expect(propertyNames(paths['/v1/assistant/conversations/{id}'])).toEqual(expect.arrayContaining(['focus_order_id', 'kb_version', 'created_at']));

    const assistantPaths = Object.entries(paths).filter(([route]) => route.startsWith('/v1/assistant') || route === '/v1/shopper-tokens');
    expect(assistantPaths.length).toBeGreaterThanOrEqual(6);
    const camel = assistantPaths.flatMap(([route, operations]) => propertyNames(operations).filter((name) => /[A-Z]/.test(name)).map((name) => `${route} ${name}`));
    expect(camel).toEqual([]);
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
