import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../src/store/index.js';

const run = promisify(execFile);
const repoRoot = path.resolve(import.meta.dirname, '..');

interface CliOutput {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real CLI the way an operator does, with its own data folder. */
async function shopmind(dataDir: string, args: string[]): Promise<CliOutput> {
  const env: NodeJS.ProcessEnv = { ...process.env, SHOPMIND_DATA_DIR: dataDir, SHOPMIND_SHOP: 'cli-shop', SHOPMIND_LANG: 'both' };
  delete env.DATABASE_URL;
  try {
    const { stdout, stderr } = await run('npx', ['tsx', 'src/cli/main.ts', ...args], { cwd: repoRoot, env });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('shopmind import (CLI)', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'shopmind-cli-'));
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('imports, prints a summary and exits 3 on rejects', async () => {
    const file = path.join(dir, '商品.csv');
    writeFileSync(file, '商品编号,商品名称,售价\nA1,连衣裙,99\nA2,衬衫,免费\nA1,连衣裙 新款,89\n');
    const dataDir = path.join(dir, 'data');

    const result = await shopmind(dataDir, ['import', 'products', file, '--map', 'id=商品编号', '--map', 'title=商品名称', '--map', 'price=售价']);

    expect(result.code).toBe(3);
    expect(result.stdout).toContain('导入完成');
    expect(result.stdout).toContain('读取 3 行 / read 3 rows');
    expect(result.stdout).toContain('导入 1 行');
    expect(result.stdout).toContain('拒收 1 行 / rejected 1 rows');
    expect(result.stdout).toContain('A1：第 2 行被第 4 行取代');
    expect(result.stdout).toContain(`${file}.rejects.csv`);
    expect(result.stdout).toMatch(/用时 \d+\.\d 秒/);
    expect(result.stdout).toContain('第 3 行：列 price（售价）的值 "免费" 不是数字');
    expect(result.stdout).toContain(
      '未包含的字段保持原值：description, category_path, brand, stock, on_shelf, attributes, repurchasable（新记录用默认值） / fields not in the file keep their stored values: description, category_path, brand, stock, on_shelf, attributes, repurchasable (new records get the defaults)',
    );
    expect(existsSync(`${file}.rejects.csv`)).toBe(true);

    const store = await openStore(path.join(dataDir, 'shopmind.db'));
    try {
      expect(await store.products.count('cli-shop')).toBe(1);
      expect((await store.products.get('cli-shop', 'A1'))?.price).toBe(89);
    } finally {
      await store.close();
    }
  });

  it('exits 2 with the fix when a column is missing', async () => {
    const file = path.join(dir, 'users.csv');
    writeFileSync(file, '会员ID,城市\nu1,杭州\n');

    const result = await shopmind(path.join(dir, 'data'), ['import', 'users', file]);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('错误 Error [INVALID_FILE]');
    expect(result.stderr).toContain('--map id=会员ID');
    expect(result.stdout).toBe('');
  });
});
