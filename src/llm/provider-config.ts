import type { ShopmindConfig } from '../core/config.js';
import { type RetryPolicy, defaultRetryPolicy } from './retry-policy.js';

/** Everything needed to reach one OpenAI-compatible provider. */
export interface LlmProviderConfig {
  /** Base URL up to and including the version path, e.g. `https://api.example.com/v1`. */
  baseUrl: string;
  apiKey?: string;
  model: string;
  /** Limit for one attempt, in milliseconds; for streams, the longest wait between two chunks. */
  timeoutMs: number;
  retry: RetryPolicy;
  /** Logs masked prompts and answers at debug level. Off unless `SHOPMIND_LLM_LOG_PROMPTS=1`. */
  logPrompts: boolean;
}

/** Reads `config.llm`; undefined when no provider is configured, so features take their path without a model. */
export function providerFromConfig(
  config: Pick<ShopmindConfig, 'llm'>,
  env: Record<string, string | undefined> = process.env,
): LlmProviderConfig | undefined {
  const llm = config.llm;
  if (!llm) return undefined;
  return {
    baseUrl: llm.baseUrl,
    ...(llm.apiKey ? { apiKey: llm.apiKey } : {}),
    model: llm.model,
    timeoutMs: llm.timeoutMs,
    retry: { ...defaultRetryPolicy, maxRetries: llm.maxRetries },
    logPrompts: env.SHOPMIND_LLM_LOG_PROMPTS === '1',
  };
}

/** The chat completions URL of a base URL, with or without a trailing slash. */
export function chatCompletionsUrl(baseUrl: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/chat/completions`;
}
