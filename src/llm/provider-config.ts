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
  /** Names the service in error messages; default `chatService`. */
  service?: ProviderService;
}

/** Name of a provider in error messages, and the variable that sets its address. */
export interface ProviderService {
  zh: string;
  en: string;
  baseUrlVariable: string;
}

export const chatService: ProviderService = { zh: '大模型接口', en: 'LLM provider', baseUrlVariable: 'SHOPMIND_LLM_BASE_URL' };
export const embeddingService: ProviderService = { zh: '向量接口', en: 'Embeddings API', baseUrlVariable: 'SHOPMIND_EMBEDDING_BASE_URL' };

/** Reads `config.llm`; undefined when no provider is configured, so features take their path without a model. */
export function providerFromConfig(
  config: Pick<ShopmindConfig, 'llm'>,
  env: Record<string, string | undefined> = process.env,
): LlmProviderConfig | undefined {
  return config.llm ? toProviderConfig(config.llm, env.SHOPMIND_LLM_LOG_PROMPTS === '1') : undefined;
}

type ProviderSettings = Pick<NonNullable<ShopmindConfig['llm']>, 'baseUrl' | 'apiKey' | 'model' | 'timeoutMs' | 'maxRetries'>;

function toProviderConfig(settings: ProviderSettings, logPrompts: boolean): LlmProviderConfig {
  return {
    baseUrl: settings.baseUrl,
    ...(settings.apiKey ? { apiKey: settings.apiKey } : {}),
    model: settings.model,
    timeoutMs: settings.timeoutMs,
    retry: { ...defaultRetryPolicy, maxRetries: settings.maxRetries },
    logPrompts,
  };
}

/** The chat completions URL of a base URL, with or without a trailing slash. */
export function chatCompletionsUrl(baseUrl: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/chat/completions`;
}

/** Returns the embeddings URL of a base URL, with or without a trailing slash. */
export function embeddingsUrl(baseUrl: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/embeddings`;
}

/** Reads `config.embedding`; undefined when no embedding API is configured. */
export function embeddingProviderFromConfig(config: Pick<ShopmindConfig, 'embedding'>): LlmProviderConfig | undefined {
  const embedding = config.embedding;
  if (!embedding) return undefined;
  return { ...toProviderConfig(embedding, false), service: { ...embeddingService, baseUrlVariable: embedding.baseUrlVariable } };
}
