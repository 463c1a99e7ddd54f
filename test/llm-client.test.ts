import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../src/core/logger.js';
import { isShopmindError, type ShopmindError } from '../src/core/errors.js';
import { type ChatClient, createChatClient, defaultRetryPolicy, type LlmProviderConfig, parseRetryAfter, UsageLog } from '../src/llm/index.js';
import { type LlmTestServer, startLlmTestServer } from './helpers/llm-test-server.js';

function provider(baseUrl: string, overrides: Partial<LlmProviderConfig> = {}): LlmProviderConfig {
  return {
    baseUrl,
    apiKey: 'test-key-0123456789',
    model: 'test-model',
    timeoutMs: 2_000,
    retry: { ...defaultRetryPolicy, maxRetries: 2 },
    logPrompts: false,
    ...overrides,
  };
}

function captureLogs(): { lines: string[]; stream: Writable } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, stream };
}

async function failureOf(promise: Promise<unknown>): Promise<ShopmindError> {
  try {
    await promise;
  } catch (error) {
    if (isShopmindError(error)) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

const question = { role: 'user' as const, content: '我的手机号是13812345678，地址是北京市朝阳区建国路88号，邮箱 li.lei@example.com' };

describe('llm chat client', () => {
  let server: LlmTestServer;
  const sleeps: number[] = [];
  const noWait = async (ms: number) => {
    sleeps.push(ms);
  };

  beforeEach(async () => {
    server = await startLlmTestServer();
    sleeps.length = 0;
  });
  afterEach(async () => {
    await server.close();
  });

  function client(overrides: Partial<LlmProviderConfig> = {}, usage?: UsageLog, logLines?: Writable): ChatClient {
    return createChatClient({
      provider: provider(server.baseUrl, overrides),
      ...(usage ? { usage } : {}),
      ...(logLines ? { logger: createLogger('debug', logLines) } : {}),
      deps: { sleep: noWait },
    });
  }

  it('masks personal data before sending', async () => {
    server.enqueue({ kind: 'answer', content: '收到' });
    const result = await client().chat({ purpose: 'test', messages: [question] });
    const sent = server.allPromptText();
    expect(sent).not.toContain('13812345678');
    expect(sent).not.toContain('建国路88号');
    expect(sent).not.toContain('li.lei@example.com');
    expect(sent).toContain('138****5678');
    expect(result.maskedKinds.sort()).toEqual(['address', 'email', 'phone']);
  });

  it('returns text, usage and attempts', async () => {
    server.enqueue({ kind: 'answer', content: '您好', usage: { prompt_tokens: 30, completion_tokens: 4 } });
    const usage = new UsageLog();
    const result = await client({}, usage).chat({ purpose: 'assistant.answer', messages: [{ role: 'user', content: '你好' }] });
    expect(result.text).toBe('您好');
    expect(result.usage).toEqual({ promptTokens: 30, completionTokens: 4, totalTokens: 34 });
    expect(result.attempts).toBe(1);
    expect(result.latencyMs).toBeGreaterThanOrEqual(0);
    expect(server.requests[0]?.headers.authorization).toBe('Bearer test-key-0123456789');
    expect(server.requests[0]?.path).toBe('/v1/chat/completions');
    expect(usage.list()).toHaveLength(1);
    expect(usage.totals()['assistant.answer']?.totalTokens).toBe(34);
  });

  it('retries on 503 then succeeds', async () => {
    server.enqueue({ kind: 'status', status: 503 }, { kind: 'answer', content: '第二次成功' });
    const usage = new UsageLog();
    const result = await client({}, usage).chat({ purpose: 'test', messages: [{ role: 'user', content: '在吗' }] });
    expect(result.text).toBe('第二次成功');
    expect(result.attempts).toBe(2);
    expect(server.requests).toHaveLength(2);
    expect(sleeps).toHaveLength(1);
    expect(usage.list()[0]?.attempts).toBe(2);
  });

  it('does not retry on 400', async () => {
    server.enqueue({ kind: 'status', status: 400, body: '{"error":{"message":"bad model"}}' });
    const error = await failureOf(client().chat({ purpose: 'test', messages: [{ role: 'user', content: '在吗' }] }));
    expect(error.code).toBe('LLM_REQUEST_FAILED');
    expect(error.details?.status).toBe(400);
    expect(error.details?.retryable).toBe(false);
    expect(error.messageZh).toContain('HTTP 400');
    expect(server.requests).toHaveLength(1);
    expect(sleeps).toHaveLength(0);
  });

  it('gives up after the retry budget', async () => {
    server.setFallback(() => ({ kind: 'status', status: 502 }));
    const error = await failureOf(client().chat({ purpose: 'test', messages: [{ role: 'user', content: '在吗' }] }));
    expect(error.details?.attempts).toBe(3);
    expect(server.requests).toHaveLength(3);
  });

  it('honours Retry-After within the cap', async () => {
    server.enqueue({ kind: 'status', status: 429, headers: { 'retry-after': '2' } }, { kind: 'answer', content: 'ok' });
    const result = await client().chat({ purpose: 'test', messages: [{ role: 'user', content: '在吗' }] });
    expect(result.text).toBe('ok');
    expect(sleeps).toEqual([2_000]);
  });

  it('stops when Retry-After exceeds the cap', async () => {
    server.enqueue({ kind: 'status', status: 429, headers: { 'retry-after': '3600' } });
    const error = await failureOf(client().chat({ purpose: 'test', messages: [{ role: 'user', content: '在吗' }] }));
    expect(error.details?.status).toBe(429);
    expect(server.requests).toHaveLength(1);
    expect(sleeps).toHaveLength(0);
  });

  it('times out a silent provider', async () => {
    server.enqueue({ kind: 'hang' });
    const error = await failureOf(
      client({ timeoutMs: 150, retry: { ...defaultRetryPolicy, maxRetries: 0 } }).chat({
        purpose: 'test',
        messages: [{ role: 'user', content: '在吗' }],
      }),
    );
    expect(error.details?.reason).toBe('timeout');
  });

  it('retries network failures', async () => {
    const closed = await startLlmTestServer();
    const url = closed.baseUrl;
    await closed.close();
    const error = await failureOf(
      createChatClient({ provider: provider(url), deps: { sleep: noWait } }).chat({
        purpose: 'test',
        messages: [{ role: 'user', content: '在吗' }],
      }),
    );
    expect(error.details?.reason).toBe('network');
    expect(error.details?.attempts).toBe(3);
  });

  it('streams deltas over SSE', async () => {
    server.enqueue({ kind: 'stream', chunks: ['您好，', '订单', '已发货。'] });
    const deltas: string[] = [];
    let finalText = '';
    for await (const event of client().stream({ purpose: 'test', messages: [question] })) {
      if (event.type === 'delta') deltas.push(event.text);
      else finalText = event.result.text;
    }
    expect(deltas).toEqual(['您好，', '订单', '已发货。']);
    expect(finalText).toBe('您好，订单已发货。');
    expect(server.requests[0]?.body.stream).toBe(true);
    expect(server.allPromptText()).not.toContain('13812345678');
  });

  it('keeps prompts out of logs by default', async () => {
    server.enqueue({ kind: 'answer', content: '好的' });
    const logs = captureLogs();
    await client({}, new UsageLog(createLogger('debug', logs.stream)), logs.stream).chat({ purpose: 'test', messages: [question] });
    const text = logs.lines.join('');
    expect(text).toContain('llm call finished');
    expect(text).not.toContain('建国路');
    expect(text).not.toContain('手机号');
  });

  it('logs masked prompts when switched on', async () => {
    server.enqueue({ kind: 'answer', content: '好的' });
    const logs = captureLogs();
    await client({ logPrompts: true }, undefined, logs.stream).chat({ purpose: 'test', messages: [question] });
    const text = logs.lines.join('');
    expect(text).toContain('手机号');
    expect(text).toContain('138****5678');
    expect(text).not.toContain('13812345678');
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates', () => {
    const now = new Date('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('3', now)).toBe(3_000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:05 GMT', now)).toBe(5_000);
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
  });
});
