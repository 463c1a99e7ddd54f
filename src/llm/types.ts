/** Shared types of the LLM layer: requests, results and usage records. */
export type ChatRole = 'system' | 'user' | 'assistant';

export interface ChatMessage {
  role: ChatRole;
  content: string;
}

export interface ChatRequest {
  messages: ChatMessage[];
  /** Short label of the feature making the call (`assistant.answer`), recorded with usage. */
  purpose: string;
  temperature?: number;
  maxTokens?: number;
}

export interface TokenUsage {
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
}

export interface ChatResult {
  text: string;
  model: string;
  finishReason: string | null;
  /** Token counts reported by the provider; zeros when it reported none. */
  usage: TokenUsage;
  /** Wall time of the whole call including retries, in milliseconds. */
  latencyMs: number;
  attempts: number;
  /** Kinds of personal data masked out of the prompt before sending. */
  maskedKinds: string[];
}

export type ChatStreamEvent = { type: 'delta'; text: string } | { type: 'done'; result: ChatResult };

/** One finished or failed call, as recorded for usage accounting. */
export interface LlmUsageRecord {
  purpose: string;
  model: string;
  status: 'ok' | 'error';
  streamed: boolean;
  usage: TokenUsage;
  latencyMs: number;
  attempts: number;
  /** Stable error code when `status` is `error`. */
  errorCode?: string;
  at: string;
}

export interface LlmUsageRecorder {
  record(entry: LlmUsageRecord): void;
}

/** The client every feature uses; `chat` waits for the whole answer, `stream` yields deltas. */
export interface ChatClient {
  readonly model: string;
  chat(request: ChatRequest, signal?: AbortSignal): Promise<ChatResult>;
  stream(request: ChatRequest, signal?: AbortSignal): AsyncIterable<ChatStreamEvent>;
}

export const zeroUsage: TokenUsage = { promptTokens: 0, completionTokens: 0, totalTokens: 0 };
