import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AssistantService } from '../src/assistant/assistant-service.js';
import { createAssistantService } from '../src/assistant/index.js';
import { encoderRetrieverFactory, type HybridKnowledgeRetriever } from '../src/assistant/knowledge/retriever-factory.js';
import { seedQuestionPairs } from '../src/assistant/retrieval/seed-pairs.js';
import { loadConfig } from '../src/core/config.js';
import { createContext } from '../src/core/context.js';
import { ShopmindError } from '../src/core/errors.js';
import { silentLogger } from '../src/core/logger.js';
import { ApiEncoder } from '../src/embedding/api-encoder.js';
import { denseDot } from '../src/embedding/dense-vectors.js';
import { runAfqmcEvaluation } from '../src/evaluation/assistant-afqmc.js';
import { loadDemoStore } from '../src/evaluation/assistant-demo-store.js';
import { embeddingProviderFromConfig } from '../src/llm/provider-config.js';
import { defaultRetryPolicy } from '../src/llm/retry-policy.js';
import type { LlmProviderConfig } from '../src/llm/provider-config.js';
import { startLlmTestServer, type LlmTestServer } from './helpers/llm-test-server.js';
import { dialects, type TestStore } from './helpers/stores.js';

let server: LlmTestServer;
let workDir: string;

function provider(overrides: Partial<LlmProviderConfig> = {}): LlmProviderConfig {
  return {
    baseUrl: server.baseUrl,
    apiKey: 'sk-test-embedding-key',
    model: 'test-embedding',
    timeoutMs: 2_000,
    retry: { ...defaultRetryPolicy, maxRetries: 1, baseDelayMs: 1 },
    logPrompts: false,
    ...overrides,
  };
}

beforeAll(async () => {
  server = await startLlmTestServer();
  workDir = mkdtempSync(path.join(os.tmpdir(), 'shopmind-api-encoder-'));
});

afterEach(() => {
  server.requests.length = 0;
});

afterAll(async () => {
  await server.close();
  rmSync(workDir, { recursive: true, force: true });
});

describe('ApiEncoder', () => {
  it('encodes in batches, in input order', async () => {
    const encoder = new ApiEncoder({ provider: provider(), batchSize: 2 });
    const texts = ['退货', '退货运费', '发票', '换货', '物流'];
    const vectors = await encoder.encode(texts);

    expect(vectors).toHaveLength(texts.length);
    expect(server.requests.filter((r) => r.path.endsWith('/embeddings'))).toHaveLength(3);
    expect(server.embeddingInputs()).toEqual(texts);
    expect(encoder.dimension).toBe(32);
    expect(denseDot(vectors[0]!, vectors[0]!)).toBeCloseTo(1, 5);
    expect(denseDot(vectors[0]!, vectors[1]!)).toBeGreaterThan(denseDot(vectors[0]!, vectors[2]!));
    expect(server.requests[0]!.headers.authorization).toBe('Bearer sk-test-embedding-key');
    expect(server.requests[0]!.body.model).toBe('test-embedding');
  });

  it('masks personal data before sending', async () => {
    const encoder = new ApiEncoder({ provider: provider() });
    await encoder.encode(['我电话13812345678，身份证110101199003071234，邮箱 li.lei@example.com']);
    const sent = server.embeddingInputs().join('\n');

    expect(sent).not.toContain('13812345678');
    expect(sent).not.toContain('110101199003071234');
    expect(sent).not.toContain('li.lei@example.com');
  });

  it('places rows by their index field', async () => {
    server.enqueue({
      kind: 'status',
      status: 200,
      body: JSON.stringify({
        data: [
          { index: 1, embedding: [0, 1] },
          { index: 0, embedding: [1, 0] },
        ],
      }),
    });
    const [first, second] = await new ApiEncoder({ provider: provider() }).encode(['甲', '乙']);

    expect([...first!]).toEqual([1, 0]);
    expect([...second!]).toEqual([0, 1]);
  });

  it('retries a 503 and then succeeds', async () => {
    server.enqueue({ kind: 'status', status: 503 });
    const vectors = await new ApiEncoder({ provider: provider() }).encode(['退货']);

    expect(vectors).toHaveLength(1);
    expect(server.requests).toHaveLength(2);
  });

  it('does not retry a 400', async () => {
    server.enqueue({ kind: 'status', status: 400, body: '{"error":{"message":"unknown model"}}' });
    const error = await new ApiEncoder({ provider: provider() }).encode(['退货']).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ShopmindError);
    expect((error as ShopmindError).code).toBe('LLM_REQUEST_FAILED');
    expect((error as ShopmindError).messageEn).toContain('Embeddings API returned HTTP 400');
    expect(server.requests).toHaveLength(1);
  });

  it('names its own variable when unreachable', async () => {
    server.enqueue({ kind: 'status', status: 503 }, { kind: 'status', status: 503 });
    const error = await new ApiEncoder({ provider: provider() }).encode(['退货']).catch((e: unknown) => e);

    expect((error as ShopmindError).messageEn).toContain('SHOPMIND_EMBEDDING_BASE_URL');
    expect((error as ShopmindError).messageEn).not.toContain('SHOPMIND_LLM_BASE_URL');
  });

  it('rejects a response with too few vectors', async () => {
    server.enqueue({ kind: 'status', status: 200, body: JSON.stringify({ data: [{ index: 0, embedding: [1, 0] }] }) });
    const error = await new ApiEncoder({ provider: provider() }).encode(['甲', '乙']).catch((e: unknown) => e);

    expect((error as ShopmindError).code).toBe('LLM_REQUEST_FAILED');
    expect((error as ShopmindError).messageEn).toContain('1 vectors for 2 texts');
  });
});

describe('afqmc evaluation with an embeddings API', () => {
  it('adds the encoder baseline', async () => {
    const dataDir = path.join(workDir, 'afqmc');
    mkdirSync(dataDir, { recursive: true });
    const lines = seedQuestionPairs.map((pair) => JSON.stringify({ sentence1: pair.a, sentence2: pair.b, label: pair.same ? '1' : '0' }));
    writeFileSync(path.join(dataDir, 'dev.json'), `${lines.join('\n')}\n`);
    const report = await runAfqmcEvaluation({ dataDir, embedding: provider() });

    expect(report.encoder).toBe('api:test-embedding');
    expect(Object.keys(report.models as object)).toContain('encoder');
    expect(server.embeddingInputs()).toContain(seedQuestionPairs.at(-1)!.b);
  });
});

describe('embedding API configuration', () => {
  it('needs a base URL', () => {
    expect(() => loadConfig({ SHOPMIND_DATA_DIR: workDir, SHOPMIND_EMBEDDING_MODEL: 'text-embedding-v3' })).toThrow(/SHOPMIND_EMBEDDING_BASE_URL/);
  });

  it('rejects a local model and an API together', () => {
    const env = {
      SHOPMIND_DATA_DIR: workDir,
      SHOPMIND_EMBEDDING_MODEL: 'text-embedding-v3',
      SHOPMIND_EMBEDDING_BASE_URL: 'http://127.0.0.1:9/v1',
      SHOPMIND_ENCODER_DIR: workDir,
    };

    expect(() => loadConfig(env)).toThrow(/only one/);
  });

  it('names the variable and value of a bad URL', () => {
    const env = { SHOPMIND_DATA_DIR: workDir, SHOPMIND_EMBEDDING_MODEL: 'm', SHOPMIND_EMBEDDING_BASE_URL: 'not-a-url' };

    expect(() => loadConfig(env)).toThrow('SHOPMIND_EMBEDDING_BASE_URL="not-a-url"');
  });

  it('names the LLM variable when the URL came from it', async () => {
    const config = loadConfig({ SHOPMIND_DATA_DIR: workDir, SHOPMIND_EMBEDDING_MODEL: 'm', SHOPMIND_LLM_BASE_URL: server.baseUrl, SHOPMIND_LLM_MODEL: 'x' });
    const embedding = embeddingProviderFromConfig(config)!;
    server.enqueue({ kind: 'status', status: 503 });
    const error = await new ApiEncoder({ provider: { ...embedding, retry: { ...defaultRetryPolicy, maxRetries: 0 } } })
      .encode(['退货'])
      .catch((e: unknown) => e);

    expect((error as ShopmindError).messageEn).toContain('check SHOPMIND_LLM_BASE_URL');
  });

  it('takes the LLM base URL and key by default', () => {
    const config = loadConfig({
      SHOPMIND_DATA_DIR: workDir,
      SHOPMIND_EMBEDDING_MODEL: 'text-embedding-v3',
      SHOPMIND_LLM_BASE_URL: 'http://127.0.0.1:9/v1',
      SHOPMIND_LLM_API_KEY: 'sk-llm',
      SHOPMIND_LLM_MODEL: 'deepseek-chat',
    });

    expect(config.embedding?.baseUrl).toBe('http://127.0.0.1:9/v1');
    expect(config.embedding?.apiKey).toBe('sk-llm');
  });
});

describe.each(dialects)('assistant with an embeddings API ($name)', (dialect) => {
  let t: TestStore;

  beforeAll(async () => {
    t = await dialect.open();
    await loadDemoStore(t.store, 'demo');
  });

  afterAll(async () => {
    await t.cleanup();
  });

  afterEach(() => {
    server.setEmbedder(undefined);
  });

  function configuredService() {
    const config = loadConfig({ SHOPMIND_DATA_DIR: workDir, SHOPMIND_EMBEDDING_MODEL: 'test-embedding', SHOPMIND_EMBEDDING_BASE_URL: server.baseUrl });
    return createAssistantService({ config, store: t.store, logger: silentLogger() });
  }

  function serviceWith(options: { queryBudgetMs: number; pauseMs: number }) {
    const encoder = new ApiEncoder({ provider: provider({ retry: { ...defaultRetryPolicy, maxRetries: 0 } }) });
    const retrieverFactory = encoderRetrieverFactory(async () => encoder, options);
    return new AssistantService({ store: t.store, logger: silentLogger(), retrieverFactory });
  }

  async function encoderReady(service: AssistantService): Promise<boolean> {
    const { retriever } = await service.knowledge.snapshot('demo');
    return (retriever as HybridKnowledgeRetriever).ready();
  }

  const ask = (service: AssistantService, message: string) => service.chat(createContext('demo', { shopperId: 'u001' }), { message });

  it('answers and never sends a phone number', async () => {
    const service = configuredService();
    expect(await encoderReady(service)).toBe(true);
    const answer = await ask(service, '我电话13812345678，可以开发票吗');

    expect(answer.text).toContain('发票');
    expect(server.embeddingInputs().some((input) => input.includes('可以开发票吗'))).toBe(true);
    expect(server.embeddingInputs().join('\n')).not.toContain('13812345678');
  });

  it('answers lexically when the API is down', async () => {
    server.setEmbedder(() => {
      throw new Error('down');
    });
    const service = serviceWith({ queryBudgetMs: 500, pauseMs: 60_000 });
    expect(await encoderReady(service)).toBe(false);
    const answer = await ask(service, '可以开发票吗');

    expect(answer.text).toContain('发票');
    expect(answer.mode).toBe('retrieval');
  });

  it('uses the API again after the pause', async () => {
    server.setEmbedder(() => {
      throw new Error('down');
    });
    const service = serviceWith({ queryBudgetMs: 500, pauseMs: 50 });
    expect(await encoderReady(service)).toBe(false);
    server.setEmbedder(undefined);
    await new Promise((resolve) => setTimeout(resolve, 80));
    await ask(service, '可以开发票吗');
    expect(await encoderReady(service)).toBe(true);
    await ask(service, '发票怎么申请');

    expect(server.embeddingInputs()).toContain('发票怎么申请');
  });

  it('answers within the query budget when the API hangs', async () => {
    const service = serviceWith({ queryBudgetMs: 200, pauseMs: 60_000 });
    expect(await encoderReady(service)).toBe(true);
    server.enqueue({ kind: 'hang' });
    const started = performance.now();
    const answer = await ask(service, '可以开发票吗');
    const requestsAfterHang = server.requests.length;
    await ask(service, '退款多久到账');

    expect(performance.now() - started).toBeLessThan(3_000);
    expect(answer.text).toContain('发票');
    expect(server.requests.length).toBe(requestsAfterHang);
  });
});
