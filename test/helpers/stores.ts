import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openStore, type Store } from '../../src/store/index.js';

export interface TestStore {
  store: Store;
  url: string;
  cleanup(): Promise<void>;
}

export interface DialectCase {
  name: 'sqlite' | 'postgres';
  open(): Promise<TestStore>;
}

const pgAdminUrl = process.env.SHOPMIND_TEST_PG_URL;

if (!pgAdminUrl && process.env.CI === 'true') {
  throw new Error('SHOPMIND_TEST_PG_URL is not set, but CI=true requires the PostgreSQL run; .ci/run sets it');
}
if (!pgAdminUrl) {
  console.warn('[tests] PostgreSQL cases skipped: SHOPMIND_TEST_PG_URL is not set (start one with .ci/start-postgres.sh)');
}

async function openSqlite(): Promise<TestStore> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'shopmind-test-'));
  const url = path.join(dir, 'store.db');
  const store = await openStore(url);
  return {
    store,
    url,
    async cleanup() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function openPostgres(): Promise<TestStore> {
  const name = `shopmind_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = new pg.Client({ connectionString: pgAdminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(pgAdminUrl!);
  url.pathname = `/${name}`;
  const store = await openStore(url.toString());
  return {
    store,
    url: url.toString(),
    async cleanup() {
      await store.close();
      const drop = new pg.Client({ connectionString: pgAdminUrl });
      await drop.connect();
      // Pool clients may still be closing; FORCE would kill them mid-close and
      // surface as an unhandled error, so wait for them instead.
      for (let attempt = 0; ; attempt++) {
        try {
          await drop.query(`DROP DATABASE IF EXISTS ${name}`);
          break;
        } catch (error) {
          if (attempt >= 50) throw error;
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      }
      await drop.end();
    },
  };
}

/** Every store dialect the suite runs against; PostgreSQL joins when SHOPMIND_TEST_PG_URL is set. */
export const dialects: DialectCase[] = [
  { name: 'sqlite', open: openSqlite },
  ...(pgAdminUrl ? [{ name: 'postgres' as const, open: openPostgres }] : []),
];
