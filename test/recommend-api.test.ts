import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/core/config.js';
import { silentLogger } from '../src/core/logger.js';
import { type App, buildApp } from '../src/server/app.js';
import { createServices } from '../src/server/services.js';
import { seedFixtureShop } from './helpers/shop-fixture.js';
import { dialects, type TestStore } from './helpers/stores.js';

describe.each(dialects)('recommendation API on $name', (dialect) => {
  let t: TestStore;
  let dataDir: string;
  let app: App;

  beforeEach(async () => {
    t = await dialect.open();
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'shopmind-api-'));
    const config = loadConfig({ SHOPMIND_DATA_DIR: dataDir, DATABASE_URL: t.url, SHOPMIND_SHOP: 'shop1' });
    const logger = silentLogger();
    app = await buildApp({ config, store: t.store, logger, services: createServices({ config, store: t.store, logger }) });
    await seedFixtureShop(t.store, 'shop1');
  });

  afterEach(async () => {
    await app.close();
    await t.cleanup();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function trainAndWait(): Promise<void> {
    const started = await app.inject({ method: 'POST', url: '/v1/recommend/train' });
    expect(started.statusCode).toBe(202);
    const job = started.json() as { id: string };
    for (let i = 0; i < 200; i++) {
      const status = (await app.inject({ method: 'GET', url: `/v1/recommend/train/${job.id}` })).json() as { status: string };
      if (status.status === 'succeeded') return;
      expect(status.status).toBe('running');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error('training did not finish');
  }

  it('answers 409 before training', async () => {
    const response = await app.inject({ method: 'GET', url: '/v1/users/user0/recommendations' });
    expect(response.statusCode).toBe(409);
    expect(response.json().error.code).toBe('MODEL_NOT_TRAINED');
    expect(response.json().error.message_zh).toContain('shopmind train');
  });

  it('trains and recommends with reasons', async () => {
    await trainAndWait();
    const response = await app.inject({ method: 'GET', url: '/v1/users/user0/recommendations?limit=4' });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.items).toHaveLength(4);
    expect(body.mode).toBe('personalized');
    for (const item of body.items) expect(item.reason.zh).toBeTruthy();
  });

  it('gives an unknown user cold-start items', async () => {
    await trainAndWait();
    const response = await app.inject({ method: 'GET', url: '/v1/users/stranger/recommendations?limit=3' });
    expect(response.statusCode).toBe(200);
    expect(response.json().mode).toBe('cold-start');
    expect(response.json().items).toHaveLength(3);
  });

  it('changes recommendations after posted events', async () => {
    await trainAndWait();
    const posted = await app.inject({
      method: 'POST',
      url: '/v1/events',
      payload: { events: ['F1', 'F2', 'F5'].map((id, i) => ({ user_id: 'stranger', product_id: id, type: 'add_to_cart', ts: new Date(Date.now() + i).toISOString() })) },
    });
    expect(posted.statusCode).toBe(202);
    expect(posted.json()).toEqual({ accepted: 3 });
    const response = await app.inject({ method: 'GET', url: '/v1/users/stranger/recommendations?limit=3' });
    expect(response.json().mode).toBe('personalized');
    const ids = response.json().items.map((i: { product_id: string }) => i.product_id);
    expect(ids.filter((id: string) => id.startsWith('F')).length).toBeGreaterThanOrEqual(2);
  });

  it('rejects invalid requests with a stable code', async () => {
    await trainAndWait();
    const cases = [
      { method: 'GET' as const, url: '/v1/users/user0/recommendations?limit=0' },
      { method: 'GET' as const, url: '/v1/users/user0/recommendations?scene=nowhere' },
      { method: 'POST' as const, url: '/v1/events', payload: { user_id: 'u', product_id: 'D1', type: 'like' } },
      { method: 'POST' as const, url: '/v1/events', payload: { user_id: 'u', product_id: 'D1', type: 'view', ts: 'yesterday' } },
    ];
    for (const c of cases) {
      const response = await app.inject(c);
      expect(response.statusCode, c.url).toBe(400);
      expect(response.json().error.code).toBe('INVALID_REQUEST');
      expect(response.json().error.message_zh).toMatch(/请求参数无效/);
      expect(response.json().error.message_en).toMatch(/Invalid request/);
      expect(response.json().error.message_zh).not.toContain('Invalid input');
    }
    const wrongType = await app.inject({ method: 'POST', url: '/v1/events', payload: { user_id: 'u', product_id: 'D1', type: 'like' } });
    expect(wrongType.json().error.message_zh).toContain('body.type：可选值：view、click');
    const batch = await app.inject({ method: 'POST', url: '/v1/events', payload: { events: [{ user_id: 5, type: 'view' }] } });
    expect(batch.json().error.details.problems[0].field).toBe('body.events.0.user_id');
  });

  it('answers 404 for an unknown product', async () => {
    await trainAndWait();
    const similar = await app.inject({ method: 'GET', url: '/v1/items/NOPE/similar' });
    expect(similar.statusCode).toBe(404);
    expect(similar.json().error.code).toBe('PRODUCT_NOT_FOUND');
    expect(similar.json().error.message).toContain('NOPE');
    const event = await app.inject({ method: 'POST', url: '/v1/events', payload: { user_id: 'u', product_id: 'NOPE', type: 'view' } });
    expect(event.statusCode).toBe(404);
  });

  it('lists similar items', async () => {
    await trainAndWait();
    const response = await app.inject({ method: 'GET', url: '/v1/items/D1/similar?limit=3' });
    expect(response.statusCode).toBe(200);
    const ids = response.json().items.map((i: { product_id: string }) => i.product_id);
    expect(ids).toHaveLength(3);
    expect(ids).not.toContain('D1');
  });

  it('publishes the routes in OpenAPI', async () => {
    const response = await app.inject({ method: 'GET', url: '/docs/json' });
    expect(response.statusCode).toBe(200);
    const paths = Object.keys(response.json().paths);
    for (const route of ['/v1/events', '/v1/users/{userId}/recommendations', '/v1/items/{itemId}/similar', '/v1/recommend/train']) {
      expect(paths).toContain(route);
    }
  });
});

describe('operator access without an API key', () => {
  it('rejects requests relayed by a proxy', async () => {
    const t = await dialects[0]!.open();
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'shopmind-proxy-'));
    const config = loadConfig({ SHOPMIND_DATA_DIR: dataDir, DATABASE_URL: t.url, SHOPMIND_SHOP: 'shop1' });
    const logger = silentLogger();
    const app = await buildApp({ config, store: t.store, logger, services: createServices({ config, store: t.store, logger }) });
    try {
      for (const header of ['x-forwarded-for', 'forwarded', 'x-real-ip']) {
        const response = await app.inject({ method: 'POST', url: '/v1/shopper-tokens', headers: { [header]: '203.0.113.9' }, payload: { user_id: 'u001' } });
        expect(response.statusCode, header).toBe(403);
        expect(response.json().error.message_zh).toContain('未经代理转发');
      }
      const direct = await app.inject({ method: 'POST', url: '/v1/shopper-tokens', payload: { user_id: 'u001' } });
      expect(direct.statusCode).toBe(201);
    } finally {
      await app.close();
      await t.cleanup();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
