import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoStoreNow, loadDemoStore } from '../src/evaluation/assistant-demo-store.js';
import { openStore } from '../src/store/index.js';
import { type LlmTestServer, startLlmTestServer } from './helpers/llm-test-server.js';

const repoRoot = path.resolve(import.meta.dirname, '..');

/** Runs `shopmind chat` as an operator would, with the lines piped to stdin. */
function chat(dataDir: string, lines: string[], env: Record<string, string> = {}): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      'npx',
      ['tsx', 'src/cli/main.ts', 'chat', '--user', 'u001', '--now', demoStoreNow],
      { cwd: repoRoot, env: { ...process.env, SHOPMIND_DATA_DIR: dataDir, SHOPMIND_SHOP: 'demo', SHOPMIND_LANG: 'both', ...env } },
      (error, stdout, stderr) => (error ? reject(Object.assign(error, { stdout, stderr })) : resolve({ stdout, stderr })),
    );
    child.stdin!.end(`${lines.join('\n')}\n`);
  });
}

describe('shopmind chat (CLI)', () => {
  let dataDir: string;
  let server: LlmTestServer;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'shopmind-cli-chat-'));
    const store = await openStore(path.join(dataDir, 'shopmind.db'));
    await loadDemoStore(store, 'demo');
    await store.close();
    server = await startLlmTestServer();
  });

  afterAll(async () => {
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers a return question and a follow-up in Chinese', async () => {
    const { stdout } = await chat(dataDir, ['耳机能退吗', '那它什么时候到？', '退出']);

    expect(stdout).toContain('商智客服');
    expect(stdout).toContain('客服：');
    expect(stdout).toContain('2026-12-04');
    expect(stdout).toContain('模式 rules');
    expect(stdout).toContain('对话结束');
  });

  it('keeps provider warnings out of the conversation', async () => {
    server.setEmbedder(() => {
      throw new Error('down');
    });
    const { stdout, stderr } = await chat(dataDir, ['可以开发票吗', '退出'], {
      SHOPMIND_EMBEDDING_MODEL: 'test-embedding',
      SHOPMIND_EMBEDDING_BASE_URL: server.baseUrl,
    });
    const logFile = path.join(dataDir, 'logs', 'chat.log');

    expect(stdout).toContain('发票');
    expect(`${stdout}\n${stderr}`).not.toMatch(/"level":/);
    expect(stderr).toContain(logFile);
    expect(existsSync(logFile)).toBe(true);
  });
});
