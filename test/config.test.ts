import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/core/config.js';

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'shopmind-config-'));
const load = (env: Record<string, string>) => () => loadConfig({ SHOPMIND_DATA_DIR: dataDir, ...env });

afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

describe('loadConfig', () => {
  it('rejects a base URL that is not http(s)', () => {
    expect(load({ SHOPMIND_LLM_BASE_URL: 'ftp://x/v1', SHOPMIND_LLM_MODEL: 'm' })).toThrow('SHOPMIND_LLM_BASE_URL="ftp://x/v1"：格式不对');
  });

  it('rejects a model name without its base URL', () => {
    expect(load({ SHOPMIND_LLM_MODEL: 'deepseek-chat' })).toThrow(/SHOPMIND_LLM_MODEL is set but SHOPMIND_LLM_BASE_URL is not/);
    expect(load({ SHOPMIND_EMBEDDING_BASE_URL: 'http://127.0.0.1:9/v1' })).toThrow(/SHOPMIND_EMBEDDING_MODEL/);
  });

  it('names a missing model in Chinese and English', () => {
    expect(load({ SHOPMIND_LLM_BASE_URL: 'http://127.0.0.1:9/v1' })).toThrow('未设置 SHOPMIND_LLM_MODEL / Invalid configuration: SHOPMIND_LLM_MODEL not set');
  });

  it('hides a short API key but names it', () => {
    const error = (() => {
      try {
        load({ SHOPMIND_API_KEY: 'short-key' })();
      } catch (caught) {
        return caught as Error;
      }
      return undefined;
    })();

    expect(error?.message).toContain('SHOPMIND_API_KEY=(9 characters)');
    expect(error?.message).not.toContain('short-key');
  });

  it('keeps the defaults without any variable', () => {
    const config = loadConfig({ SHOPMIND_DATA_DIR: dataDir });

    expect(config.llm).toBeUndefined();
    expect(config.embedding).toBeUndefined();
    expect(config.port).toBe(3000);
  });
});
