import { ShopmindError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { maskPii } from '../core/pii.js';
import { chatCompletionsUrl, chatService, embeddingsUrl, type LlmProviderConfig } from './provider-config.js';
import { backoffDelay, isRetryableStatus, parseRetryAfter, sleep } from './retry-policy.js';

export interface TransportDeps {
  fetch: typeof fetch;
  logger?: Logger;
  random: () => number;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  now: () => Date;
}

export const defaultTransportDeps: TransportDeps = {
  fetch: (input, init) => fetch(input, init),
  random: Math.random,
  sleep,
  now: () => new Date(),
};

/** An open response plus the timer that aborts it when the provider goes quiet. */
export interface OpenResponse {
  response: Response;
  attempts: number;
  /** Restarts the idle timer; stream readers call it on every chunk. */
  touch(): void;
  /** Stops the timer once the body is read. */
  finish(): void;
  /** The attempt's signal; aborted on timeout or by the caller. */
  signal: AbortSignal;
}

interface AttemptFailure {
  retryable: boolean;
  status?: number;
  reason: 'timeout' | 'network' | 'http';
  retryAfterMs?: number;
  providerMessage?: string;
}

const providerMessageLimit = 300;

function requestFailed(provider: LlmProviderConfig, failure: AttemptFailure, attempts: number, cause?: unknown): ShopmindError {
  const service = provider.service ?? chatService;
  const what =
    failure.reason === 'timeout'
      ? { zh: `${service.zh}超时`, en: `${service.en} request timed out` }
      : failure.reason === 'network'
        ? { zh: `无法连接${service.zh}`, en: `${service.en} could not be reached` }
        : { zh: `${service.zh}返回 HTTP ${failure.status}`, en: `${service.en} returned HTTP ${failure.status}` };
  const next = failure.retryable
    ? { zh: `请稍后重试，或检查 ${service.baseUrlVariable}`, en: `try again later or check ${service.baseUrlVariable}` }
    : { zh: `请检查模型名称 ${provider.model}、密钥和请求参数`, en: `check the model name ${provider.model}, the key and the request parameters` };
  return new ShopmindError(
    'LLM_REQUEST_FAILED',
    { zh: `${what.zh}（共尝试 ${attempts} 次），${next.zh}`, en: `${what.en} after ${attempts} attempt(s); ${next.en}` },
    {
      reason: failure.reason,
      attempts,
      retryable: failure.retryable,
      ...(failure.status !== undefined ? { status: failure.status } : {}),
      ...(failure.providerMessage ? { providerMessage: failure.providerMessage } : {}),
    },
    cause === undefined ? undefined : { cause },
  );
}

async function readProviderMessage(response: Response): Promise<string> {
  try {
    const text = await response.text();
    // Providers sometimes echo the prompt in errors, so the excerpt is masked too.
    return maskPii(text.slice(0, providerMessageLimit)).text;
  } catch {
    return '';
  }
}

/**
 * Posts a chat completion body and returns the first successful response,
 * retrying as `provider.retry` allows. Each attempt has its own timeout.
 */
export function openChatResponse(
  provider: LlmProviderConfig,
  body: unknown,
  deps: TransportDeps,
  callerSignal?: AbortSignal,
): Promise<OpenResponse> {
  return openProviderResponse(chatCompletionsUrl(provider.baseUrl), provider, body, deps, callerSignal);
}

/** Posts an embeddings body (`POST {baseUrl}/embeddings`) with the same retries and timeouts as chat calls. */
export function openEmbeddingsResponse(
  provider: LlmProviderConfig,
  body: unknown,
  deps: TransportDeps,
  callerSignal?: AbortSignal,
): Promise<OpenResponse> {
  return openProviderResponse(embeddingsUrl(provider.baseUrl), provider, body, deps, callerSignal);
}

async function openProviderResponse(
  url: string,
  provider: LlmProviderConfig,
  body: unknown,
  deps: TransportDeps,
  callerSignal?: AbortSignal,
): Promise<OpenResponse> {
  const policy = provider.retry;
  for (let attempt = 1; ; attempt++) {
    const controller = new AbortController();
    let timedOut = false;
    let timer: NodeJS.Timeout | undefined;
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        timedOut = true;
        controller.abort(new Error('timeout'));
      }, provider.timeoutMs);
    };
    const signal = callerSignal ? AbortSignal.any([callerSignal, controller.signal]) : controller.signal;
    arm();

    let failure: AttemptFailure;
    let cause: unknown;
    try {
      const response = await deps.fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(provider.apiKey ? { authorization: `Bearer ${provider.apiKey}` } : {}),
        },
        body: JSON.stringify(body),
        signal,
      });
      if (response.ok) {
        return { response, attempts: attempt, touch: arm, finish: () => clearTimeout(timer), signal };
      }
      clearTimeout(timer);
      const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), deps.now());
      failure = {
        retryable: isRetryableStatus(response.status),
        status: response.status,
        reason: 'http',
        providerMessage: await readProviderMessage(response),
        ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
      };
    } catch (error) {
      clearTimeout(timer);
      if (callerSignal?.aborted) throw error;
      cause = error;
      failure = { retryable: true, reason: timedOut ? 'timeout' : 'network' };
    }

    const retriesUsed = attempt - 1;
    if (!failure.retryable || retriesUsed >= policy.maxRetries) throw requestFailed(provider, failure, attempt, cause);
    if (failure.retryAfterMs !== undefined && failure.retryAfterMs > policy.maxRetryAfterMs) {
      // Waiting less than the provider asked would only earn another 429.
      throw requestFailed(provider, failure, attempt, cause);
    }
    const delay = failure.retryAfterMs ?? backoffDelay(policy, retriesUsed, deps.random);
    deps.logger?.warn(
      { llm: { service: (provider.service ?? chatService).en, model: provider.model, attempt, status: failure.status, reason: failure.reason, retryInMs: delay } },
      'provider call failed, retrying',
    );
    await deps.sleep(delay, callerSignal);
  }
}
