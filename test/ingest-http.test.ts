import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig, type ShopmindConfig } from '../src/core/config.js';
import { silentLogger } from '../src/core/logger.js';
import { type App, buildApp } from '../src/server/app.js';
import { createServices } from '../src/server/services.js';
import type { Store } from '../src/store/index.js';
import { dialects, type TestStore } from './helpers/stores.js';

function buildTestApp(config: ShopmindConfig, store: Store): Promise<App> {
  const logger = silentLogger();
  return buildApp({ config, store, logger, services: createServices({ config, store, logger }) });
}

function testConfig(dataDir: string, apiKey?: string): ShopmindConfig {
  return loadConfig({ SHOPMIND_DATA_DIR: dataDir, SHOPMIND_SHOPPER_TOKEN_SECRET: 'x'.repeat(40), SHOPMIND_SHOP: 'demo', ...(apiKey ? { SHOPMIND_API_KEY: apiKey } : {}) });
}

describe.each(dialects)('POST /v1/import/{kind} on $name', (dialect) => {
  let t: TestStore;
  let dataDir: string;
  let app: App;

  beforeEach(async () => {
    t = await dialect.open();
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'shopmind-http-'));
    app = await buildTestApp(testConfig(dataDir), t.store);
  });

  afterEach(async () => {
    await app.close();
    await t.cleanup();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('imports CSV and lists rejected rows', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/v1/import/products',
      headers: { 'content-type': 'text/csv' },
      payload: 'id,title,price\np1,"杯子, 大号",19.9\np2,碗,free\np1,杯子,18\n',
    });

    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({ kind: 'products', format: 'csv', read: 3, imported: 1, rejected: 1, duplicates: 1, stored: 1 });
    expect(body.rejects[0].line).toBe(3);
    expect(body.rejects[0].message_en).toContain('Line 3: column price value "free" is not a number');
    expect(body.rejects[0].issues[0]).toMatchObject({ field: 'price', value: 'free' });
    expect(body.duplicate_rows).toEqual([{ line: 2, id: 'p1', kept_line: 4 }]);
    expect((await t.store.products.get('demo', 'p1'))?.price).toBe(18);
  });

  it('reads GBK bytes with query overrides and mapping', async () => {
    const response = await app.inject({
      method: 'POST',
      url: `/v1/import/products?shop=s2&format=tsv&map=${encodeURIComponent('id=编号')}&map=${encodeURIComponent('title=名称')}&map=${encodeURIComponent('price=售价')}`,
      headers: { 'content-type': 'application/octet-stream' },
      payload: iconv.encode('编号\t名称\t售价\nA1\t连衣裙\t99\n', 'gbk'),
    });

    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ format: 'tsv', encoding: 'gbk', imported: 1 });
    expect((await t.store.products.get('s2', 'A1'))?.title).toBe('连衣裙');
  });

  it('takes the encoding from the charset', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/v1/import/users',
      headers: { 'content-type': 'text/csv; charset=gb2312' },
      payload: iconv.encode('id,city\nu1,杭州\n', 'gbk'),
    });

    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ encoding: 'gbk', imported: 1 });
    expect((await t.store.users.get('demo', 'u1'))?.city).toBe('杭州');
  });

  it('imports JSONL orders', async () => {
    const order = { id: 'O1', userId: 'u1', createdAt: '2024-03-05 10:00:00', lines: [{ productId: 'p1', quantity: 2, unitPrice: 3 }] };
    const response = await app.inject({
      method: 'POST',
      url: '/v1/import/orders',
      headers: { 'content-type': 'application/x-ndjson' },
      payload: `${JSON.stringify(order)}\n`,
    });

    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ format: 'jsonl', imported: 1 });
    expect((await t.store.orders.get('demo', 'O1'))?.total).toBe(6);
  });

  it('answers file-level errors with 400', async () => {
    const empty = await app.inject({ method: 'POST', url: '/v1/import/users', headers: { 'content-type': 'text/csv' }, payload: '' });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.code).toBe('INVALID_FILE');

    const missing = await app.inject({ method: 'POST', url: '/v1/import/users', headers: { 'content-type': 'text/csv' }, payload: '用户,城市\nu1,杭州\n' });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.message_en).toContain('no required column id');
    expect(missing.json().error.details.foundColumns).toEqual(['用户', '城市']);

    const unknownKind = await app.inject({ method: 'POST', url: '/v1/import/coupons', headers: { 'content-type': 'text/csv' }, payload: 'id\n1\n' });
    expect(unknownKind.statusCode).toBe(400);
    expect(unknownKind.json().error.code).toBe('INVALID_REQUEST');
  });

  it('rejects JSON and form bodies naming the accepted types', async () => {
    const requests = [
      { type: 'application/json', payload: JSON.stringify([{ id: 'p1', title: '杯子', price: 9 }]) },
      { type: 'application/json', payload: 'id,title,price\np1,杯子,9\n' },
      { type: 'application/x-www-form-urlencoded', payload: 'id,title,price\np1,杯子,9\n' },
      { type: 'multipart/form-data; boundary=x', payload: '--x\r\n\r\nid\r\n--x--\r\n' },
    ];
    for (const { type, payload } of requests) {
      const response = await app.inject({ method: 'POST', url: '/v1/import/products', headers: { 'content-type': type }, payload });

      expect(response.statusCode, type).toBe(400);
      const error = response.json().error;
      expect(error.code, type).toBe('UNSUPPORTED_FORMAT');
      expect(error.message_en, type).toContain(`does not accept Content-Type ${type}`);
      expect(error.message_en, type).toContain('text/csv, application/csv, text/tab-separated-values, application/x-ndjson');
      expect(error.message_en, type).not.toContain('empty');
      expect(error.details.acceptedContentTypes, type).toContain('application/octet-stream');
    }
    expect(await t.store.products.count('demo')).toBe(0);
  });

  it('reads text/plain bodies by content', async () => {
    const response = await app.inject({ method: 'POST', url: '/v1/import/products', headers: { 'content-type': 'text/plain; charset=utf-8' }, payload: 'id\ttitle\tprice\np1\t杯子\t9\n' });

    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ format: 'tsv', imported: 1 });
  });

  it('rejects Big5 unless the encoding is named', async () => {
    const payload = iconv.encode('id,title,price\np1,保溫杯（白色）,39\np2,藍牙耳機,299\n', 'big5');
    const guessed = await app.inject({ method: 'POST', url: '/v1/import/products', headers: { 'content-type': 'text/csv' }, payload });

    expect(guessed.statusCode).toBe(400);
    expect(guessed.json().error.code).toBe('INVALID_FILE');
    expect(guessed.json().error.message_en).toContain('?encoding=big5');
    expect(await t.store.products.count('demo')).toBe(0);

    const named = await app.inject({ method: 'POST', url: '/v1/import/products?encoding=big5', headers: { 'content-type': 'text/csv' }, payload });
    expect(named.statusCode).toBe(200);
    expect((await t.store.products.get('demo', 'p1'))?.title).toBe('保溫杯（白色）');
  });

  it('lists the fields a file lacks', async () => {
    await t.store.products.upsertMany('demo', [
      { id: 'p1', title: '杯子', description: '陶瓷', categoryPath: '家居', brand: '暖山', price: 9, stock: 30, onShelf: true, attributes: {}, repurchasable: false },
    ]);
    const response = await app.inject({ method: 'POST', url: '/v1/import/products', headers: { 'content-type': 'text/csv' }, payload: 'id,title,price\np1,杯子 大号,12\n' });

    expect(response.statusCode).toBe(200);
    expect(response.json().absent_fields).toEqual(['description', 'category_path', 'brand', 'stock', 'on_shelf', 'attributes', 'repurchasable']);
    expect(await t.store.products.get('demo', 'p1')).toMatchObject({ title: '杯子 大号', price: 12, stock: 30, brand: '暖山', description: '陶瓷' });
  });

  it('accepts only local callers without an API key', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/v1/import/users',
      remoteAddress: '203.0.113.9',
      headers: { 'content-type': 'text/csv' },
      payload: 'id\nu1\n',
    });

    expect(response.statusCode).toBe(403);
    expect(await t.store.users.count('demo')).toBe(0);
  });

  it('checks the API key when one is set', async () => {
    const keyed = await buildTestApp(testConfig(dataDir, 'k'.repeat(24)), t.store);
    try {
      const request = { method: 'POST' as const, url: '/v1/import/users', payload: 'id\nu1\n' };
      const wrong = await keyed.inject({ ...request, headers: { 'content-type': 'text/csv', authorization: 'Bearer nope' } });
      expect(wrong.statusCode).toBe(401);
      const right = await keyed.inject({ ...request, headers: { 'content-type': 'text/csv', authorization: `Bearer ${'k'.repeat(24)}` } });
      expect(right.statusCode).toBe(200);
      expect(await t.store.users.count('demo')).toBe(1);
    } finally {
      await keyed.close();
    }
  });
});
