export { type ChatClientOptions, createChatClient } from './chat-client.js';
export { FailureCooldown } from './cooldown.js';
export { maskMessages } from './prompt-masking.js';
export {
  chatCompletionsUrl,
  embeddingProviderFromConfig,
  embeddingsUrl,
  type LlmProviderConfig,
  providerFromConfig,
} from './provider-config.js';
export { backoffDelay, defaultRetryPolicy, isRetryableStatus, parseRetryAfter, type RetryPolicy } from './retry-policy.js';
export type {
  ChatClient,
  ChatMessage,
  ChatRequest,
  ChatResult,
  ChatRole,
  ChatStreamEvent,
  LlmUsageRecord,
  LlmUsageRecorder,
  TokenUsage,
} from './types.js';
export { UsageLog } from './usage-log.js';
