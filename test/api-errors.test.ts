import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/core/config.js';
import { silentLogger } from '../src/core/logger.js';
import { type App, buildApp } from '../src/server/app.js';
import { createServices } from '../src/server/services.js';
import { openStore, type Store } from '../src/store/index.js';

// Fastify's own request errors (body parsing, size, content type) in the API's bilingual shape.
describe('API request errors', () => {
  let dataDir: string;
  let store: Store;
  let app: App;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'shopmind-api-errors-'));
    const config = loadConfig({ SHOPMIND_DATA_DIR: dataDir, SHOPMIND_SHOP: 'shop1' });
    store = await openStore(config.databaseUrl);
    const logger = silentLogger();
    app = await buildApp({ config, store, logger, services: createServices({ config, store, logger }) });
  });

  afterAll(async () => {
    await app.close();
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const post = (payload: string, contentType: string) =>
    app.inject({ method: 'POST', url: '/v1/events', payload, headers: { 'content-type': contentType } });

  it('explains a body that is not JSON', async () => {
    const response = await post('{"user_id": ', 'application/json');

    expect(response.statusCode).toBe(400);
    expect(response.json().error.message_zh).toContain('请求体不是有效的 JSON');
    expect(response.json().error.message_zh).not.toMatch(/[A-Za-z]{5,} [A-Za-z]{3,}/);
  });

  it('explains an empty JSON body', async () => {
    const response = await post('', 'application/json');

    expect(response.statusCode).toBe(400);
    expect(response.json().error.message_zh).toContain('请求体为空');
  });

  it('names an unsupported content type', async () => {
    const response = await post('<event/>', 'text/xml');

    expect(response.statusCode).toBe(415);
    expect(response.json().error.message_zh).toContain('text/xml');
    expect(response.json().error.message_en).toContain('application/json');
  });

  it('names a missing field as missing', async () => {
    const response = await app.inject({ method: 'POST', url: '/v1/events', payload: { product_id: 'P1', type: 'view' } });
    const problems = response.json().error.details.problems as { field: string; message_zh: string; message_en: string }[];
    const userId = problems.find((problem) => problem.field === 'body.user_id');

    expect(response.statusCode).toBe(400);
    expect(userId?.message_zh).toContain('缺少这个字段');
    expect(userId?.message_en).toContain('missing');
  });
});
