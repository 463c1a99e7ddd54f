import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createContext } from '../src/core/context.js';
import { readAmazonGames } from '../src/ingest/adapters/amazon-games.js';
import { importDataset } from '../src/ingest/index.js';
import { dialects, type TestStore } from './helpers/stores.js';

const dataRoot = path.resolve(import.meta.dirname, '../../shared/data');
const amazonDir = path.join(dataRoot, 'amazon-games-llmrank');
const retailFile = path.join(dataRoot, 'online-retail-uci/online-retail.customerid-mod10-eq0.csv');
const haveData = existsSync(amazonDir) && existsSync(retailFile);

if (!haveData && process.env.CI === 'true') throw new Error(`public datasets missing under ${dataRoot}, but CI=true requires them`);
if (!haveData) console.warn(`[tests] dataset import skipped: no public data under ${dataRoot}`);

const ctx = createContext('datasets');

describe.runIf(haveData).each(dialects)('importDataset on $name', (dialect) => {
  let t: TestStore;

  beforeEach(async () => {
    t = await dialect.open();
  });

  afterEach(async () => {
    await t.cleanup();
  });

  it('loads online-retail with returns, twice without change', async () => {
    // The second import names the folder, which contains this one CSV file.
    const first = await importDataset(ctx, t.store, { dataset: 'online-retail', path: retailFile });

    expect(first.orders).toBeGreaterThan(1000);
    expect(first.returns).toBeGreaterThan(0);
    expect(await t.store.products.count('datasets')).toBe(first.products);
    expect(await t.store.users.count('datasets')).toBe(first.users);
    expect(await t.store.orders.count('datasets')).toBe(first.orders);
    expect(await t.store.events.count('datasets')).toBe(first.events);

    const cancelled = await t.store.orders.get('datasets', 'C536642');
    expect(cancelled?.kind).toBe('return');
    expect(cancelled?.lines.every((line) => line.quantity < 0)).toBe(true);
    const first536365 = await t.store.orders.get('datasets', '536365');
    expect(first536365).toMatchObject({ kind: 'purchase', userId: '17850', currency: 'GBP', createdAt: '2010-12-01T08:26:00.000Z' });
    expect((await t.store.users.get('datasets', '17850'))?.attributes).toEqual({ country: 'United Kingdom' });

    const second = await importDataset(ctx, t.store, { dataset: 'online-retail', path: path.dirname(retailFile) });
    expect(second).toMatchObject({ products: first.products, orders: first.orders, events: first.events });
    expect(await t.store.orders.count('datasets')).toBe(first.orders);
    expect(await t.store.events.count('datasets')).toBe(first.events);
  });

  it('loads amazon-games histories as ordered purchases', async () => {
    const data = readAmazonGames(amazonDir);
    const result = await importDataset(ctx, t.store, { dataset: 'amazon-games', path: amazonDir });
    const historyLength = data.sequences.reduce((sum, sequence) => sum + sequence.history.length, 0);

    expect(result.products).toBe(data.products.length);
    expect(result.users).toBe(data.sequences.length);
    expect(result.events).toBe(historyLength);
    expect(await t.store.events.count('datasets')).toBe(historyLength);

    const sequence = data.sequences[1]!;
    const stored = await t.store.events.recentForUser('datasets', sequence.userId, 100);
    expect(stored.map((event) => event.productId).reverse()).toEqual(sequence.history);
    expect(stored.every((event) => event.type === 'purchase')).toBe(true);
    expect(stored.some((event) => event.productId === sequence.target && !sequence.history.includes(sequence.target))).toBe(false);
  });
});

describe('importDataset errors', () => {
  it('names the CSV files of an ambiguous folder', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'shopmind-retail-'));
    const t = await dialects[0]!.open();
    try {
      writeFileSync(path.join(dir, 'SOURCE.md'), 'no data here\n');
      await expect(importDataset(ctx, t.store, { dataset: 'online-retail', path: dir })).rejects.toMatchObject({
        code: 'DATASET_NOT_FOUND',
        messageEn: expect.stringContaining(`The folder ${dir} contains no .csv file`),
      });

      writeFileSync(path.join(dir, 'a.csv'), 'InvoiceNo\n');
      writeFileSync(path.join(dir, 'b.CSV'), 'InvoiceNo\n');
      await expect(importDataset(ctx, t.store, { dataset: 'online-retail', path: dir })).rejects.toMatchObject({
        code: 'INVALID_REQUEST',
        messageEn: expect.stringContaining('contains 2 .csv files (a.csv, b.CSV)'),
      });
      expect(await t.store.orders.count('datasets')).toBe(0);
    } finally {
      await t.cleanup();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('names a missing dataset folder', async () => {
    const t = await dialects[0]!.open();
    try {
      await expect(importDataset(ctx, t.store, { dataset: 'amazon-games', path: '/nonexistent/folder' })).rejects.toMatchObject({ code: 'DATASET_NOT_FOUND' });
    } finally {
      await t.cleanup();
    }
  });
});
