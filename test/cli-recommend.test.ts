import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const repoRoot = path.resolve(import.meta.dirname, '..');

interface CliOutput {
  code: number;
  stdout: string;
  stderr: string;
}

describe('demo and recommendation commands', () => {
  let home: string;

  async function shopmind(args: string[]): Promise<CliOutput> {
    const env: NodeJS.ProcessEnv = { ...process.env, SHOPMIND_DATA_DIR: home, SHOPMIND_LANG: 'both' };
    delete env.DATABASE_URL;
    delete env.SHOPMIND_SHOP;
    try {
      const { stdout, stderr } = await run('npx', ['tsx', 'src/cli/main.ts', ...args], { cwd: repoRoot, env, maxBuffer: 10 * 1024 * 1024 });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const failed = error as { code: number; stdout: string; stderr: string };
      return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
    }
  }

  beforeAll(() => {
    home = mkdtempSync(path.join(os.tmpdir(), 'shopmind-cli-'));
  });

  afterAll(() => {
    rmSync(home, { recursive: true, force: true });
  });

  it('runs the demo end to end', async () => {
    const result = await shopmind(['demo', '--no-serve', '--port', '0']);
    expect(result.stderr).not.toMatch(/Error|错误/);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('导入 products.csv：97 行');
    expect(result.stdout).toContain('API 已启动');
    expect(result.stdout).toMatch(/mode: cold-start/);
    expect(result.stdout).toMatch(/mode: personalized/);
    expect(result.stdout).not.toMatch(/HTTP [45]\d\d/);
    expect(result.stdout).toContain('意图 intent: logistics');
    expect(result.stdout).toContain('运单号');
    expect(result.stdout).toContain('只能查询您本人账号下的订单');
    expect(result.stdout).toContain('意图 intent: injection');
    expect(result.stdout).toMatch(/转人工 hand-off H\d{8}-/);
  }, 240_000);

  it('recommends for a demo shopper as JSON', async () => {
    const result = await shopmind(['recommend', '--shop', 'demo', '--user', 'u001', '--limit', '5', '--json']);
    expect(result.code).toBe(0);
    const body = JSON.parse(result.stdout);
    expect(body.items).toHaveLength(5);
    expect(body.mode).toBe('personalized');
  }, 60_000);

  it('lists similar products with reasons', async () => {
    const result = await shopmind(['similar', '--shop', 'demo', '--item', 'SM-EAR-001', '--limit', '3']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('与 SM-EAR-001 相似的商品');
    expect(result.stdout.match(/理由 \/ Reason:/g)).toHaveLength(3);
  }, 60_000);

  it('rejects a bad limit with the fix', async () => {
    const result = await shopmind(['recommend', '--shop', 'demo', '--user', 'u001', '--limit', '0']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--limit=0 无效');
    expect(result.stderr).toContain('1 to 100');
  }, 60_000);

  it('trains in a child process while serving', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, SHOPMIND_DATA_DIR: home, SHOPMIND_LOG_LEVEL: 'silent' };
    delete env.DATABASE_URL;
    // Node itself, not npx, so that killing the child stops the server.
    const server = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'serve', '--port', '0'], { cwd: repoRoot, env });
    try {
      const address = await new Promise<string>((resolve, reject) => {
        let out = '';
        server.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          const match = /http:\/\/127\.0\.0\.1:\d+/.exec(out);
          if (match) resolve(match[0]);
        });
        server.on('exit', () => reject(new Error(`server exited: ${out}`)));
      });
      interface Job {
        status: string;
        result: { model_version: string };
        error: { code: string; message: string };
      }
      const poll = async (shop: string): Promise<Job> => {
        const started = (await (await fetch(`${address}/v1/recommend/train?shop=${shop}`, { method: 'POST' })).json()) as { id: string };
        for (let i = 0; i < 120; i++) {
          const job = (await (await fetch(`${address}/v1/recommend/train/${started.id}`)).json()) as Job;
          if (job.status !== 'running') return job;
          await new Promise((resolve) => setTimeout(resolve, 500));
        }
        throw new Error('training did not finish');
      };
      const done = await poll('demo');
      expect(done.status).toBe('succeeded');
      const list = (await (await fetch(`${address}/v1/users/u001/recommendations?shop=demo&limit=3`)).json()) as { model_version: string };
      expect(list.model_version).toBe(done.result.model_version);
      const failed = await poll('no-such-shop');
      expect(failed.status).toBe('failed');
      expect(failed.error.code).toBe('INVALID_REQUEST');
      expect(failed.error.message).toContain('no-such-shop');
    } finally {
      server.kill('SIGTERM');
    }
  }, 180_000);

  it('reports an unknown product as not found', async () => {
    const result = await shopmind(['similar', '--shop', 'demo', '--item', 'NO-SUCH']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('PRODUCT_NOT_FOUND');
    expect(result.stderr).toContain('NO-SUCH');
  }, 60_000);
});
