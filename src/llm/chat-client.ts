import { ShopmindError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { defaultTransportDeps, openChatResponse, type TransportDeps } from './http-transport.js';
import { maskMessages } from './prompt-masking.js';
import type { LlmProviderConfig } from './provider-config.js';
import { readSseData } from './sse-reader.js';
import {
  type ChatClient,
  type ChatMessage,
  type ChatRequest,
  type ChatResult,
  type ChatStreamEvent,
  type LlmUsageRecorder,
  type TokenUsage,
  zeroUsage,
} from './types.js';

export interface ChatClientOptions {
  provider: LlmProviderConfig;
  logger?: Logger;
  usage?: LlmUsageRecorder;
  /** Replaces the global `fetch`, sleep, clock or random source (tests). */
  deps?: Partial<TransportDeps>;
}

interface CompletionBody {
  choices?: { message?: { content?: string | null }; delta?: { content?: string | null }; finish_reason?: string | null }[];
  usage?: { prompt_tokens?: number; completion_tokens?: number; total_tokens?: number } | null;
  model?: string;
}

function readUsage(body: CompletionBody): TokenUsage | undefined {
  if (!body.usage) return undefined;
  const promptTokens = Number(body.usage.prompt_tokens ?? 0);
  const completionTokens = Number(body.usage.completion_tokens ?? 0);
  return { promptTokens, completionTokens, totalTokens: Number(body.usage.total_tokens ?? promptTokens + completionTokens) };
}

function invalidResponse(detail: string): ShopmindError {
  return new ShopmindError(
    'LLM_REQUEST_FAILED',
    {
      zh: `大模型接口返回了无法解析的内容：${detail}，请确认它兼容 OpenAI 接口`,
      en: `LLM provider returned an unreadable response: ${detail}; check that it is OpenAI-compatible`,
    },
    { reason: 'invalid_response', retryable: false },
  );
}

class OpenAiCompatibleClient implements ChatClient {
  private readonly deps: TransportDeps;

  constructor(private readonly options: ChatClientOptions) {
    this.deps = { ...defaultTransportDeps, ...options.deps, ...(options.logger ? { logger: options.logger } : {}) };
  }

  get model(): string {
    return this.options.provider.model;
  }

  async chat(request: ChatRequest, signal?: AbortSignal): Promise<ChatResult> {
    const started = performance.now();
    const { messages, kinds } = maskMessages(request.messages);
    this.logPrompt(request.purpose, messages);
    try {
      const open = await openChatResponse(this.options.provider, this.body(request, messages, false), this.deps, signal);
      let body: CompletionBody;
      try {
        body = (await open.response.json()) as CompletionBody;
      } catch (error) {
        throw invalidResponse(error instanceof Error ? error.message : String(error));
      } finally {
        open.finish();
      }
      const choice = body.choices?.[0];
      if (!choice || typeof choice.message?.content !== 'string') throw invalidResponse('choices[0].message.content is missing');
      const result: ChatResult = {
        text: choice.message.content,
        model: body.model ?? this.model,
        finishReason: choice.finish_reason ?? null,
        usage: readUsage(body) ?? zeroUsage,
        latencyMs: Math.round(performance.now() - started),
        attempts: open.attempts,
        maskedKinds: kinds,
      };
      this.logAnswer(request.purpose, result.text);
      this.recordSuccess(request.purpose, result, false);
      return result;
    } catch (error) {
      this.recordFailure(request.purpose, error, started, false);
      throw error;
    }
  }

  async *stream(request: ChatRequest, signal?: AbortSignal): AsyncGenerator<ChatStreamEvent> {
    const started = performance.now();
    const { messages, kinds } = maskMessages(request.messages);
    this.logPrompt(request.purpose, messages);
    try {
      const open = await openChatResponse(this.options.provider, this.body(request, messages, true), this.deps, signal);
      if (!open.response.body) throw invalidResponse('the stream has no body');
      let text = '';
      let usage: TokenUsage | undefined;
      let finishReason: string | null = null;
      let model = this.model;
      try {
        for await (const data of readSseData(open.response.body)) {
          open.touch();
          if (data.trim() === '[DONE]') break;
          let chunk: CompletionBody;
          try {
            chunk = JSON.parse(data) as CompletionBody;
          } catch {
            throw invalidResponse(`stream chunk is not JSON: ${data.slice(0, 80)}`);
          }
          usage = readUsage(chunk) ?? usage;
          model = chunk.model ?? model;
          const choice = chunk.choices?.[0];
          finishReason = choice?.finish_reason ?? finishReason;
          const delta = choice?.delta?.content;
          if (typeof delta === 'string' && delta.length > 0) {
            text += delta;
            yield { type: 'delta', text: delta };
          }
        }
      } catch (error) {
        if (open.signal.aborted && !signal?.aborted) {
          throw new ShopmindError(
            'LLM_REQUEST_FAILED',
            {
              zh: `大模型流式输出在 ${this.options.provider.timeoutMs} 毫秒内没有新内容，已中断`,
              en: `LLM stream sent nothing for ${this.options.provider.timeoutMs} ms and was aborted`,
            },
            { reason: 'timeout', retryable: true },
            { cause: error },
          );
        }
        throw error;
      } finally {
        open.finish();
      }
      const result: ChatResult = {
        text,
        model,
        finishReason,
        usage: usage ?? zeroUsage,
        latencyMs: Math.round(performance.now() - started),
        attempts: open.attempts,
        maskedKinds: kinds,
      };
      this.logAnswer(request.purpose, text);
      this.recordSuccess(request.purpose, result, true);
      yield { type: 'done', result };
    } catch (error) {
      this.recordFailure(request.purpose, error, started, true);
      throw error;
    }
  }

  private body(request: ChatRequest, messages: ChatMessage[], stream: boolean): Record<string, unknown> {
    return {
      model: this.model,
      messages,
      ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
      ...(request.maxTokens !== undefined ? { max_tokens: request.maxTokens } : {}),
      ...(stream ? { stream: true, stream_options: { include_usage: true } } : {}),
    };
  }

  private logPrompt(purpose: string, messages: ChatMessage[]): void {
    // Prompts are logged only when switched on, and then already masked.
    if (this.options.provider.logPrompts) this.options.logger?.debug({ llm: { purpose, messages } }, 'llm prompt');
  }

  private logAnswer(purpose: string, text: string): void {
    if (this.options.provider.logPrompts) this.options.logger?.debug({ llm: { purpose, answer: text } }, 'llm answer');
  }

  private recordSuccess(purpose: string, result: ChatResult, streamed: boolean): void {
    this.options.usage?.record({
      purpose,
      model: result.model,
      status: 'ok',
      streamed,
      usage: result.usage,
      latencyMs: result.latencyMs,
      attempts: result.attempts,
      at: this.deps.now().toISOString(),
    });
  }

  private recordFailure(purpose: string, error: unknown, started: number, streamed: boolean): void {
    const details = error instanceof ShopmindError ? error.details : undefined;
    this.options.usage?.record({
      purpose,
      model: this.model,
      status: 'error',
      streamed,
      usage: zeroUsage,
      latencyMs: Math.round(performance.now() - started),
      attempts: Number(details?.attempts ?? 1),
      errorCode: error instanceof ShopmindError ? error.code : 'INTERNAL',
      at: this.deps.now().toISOString(),
    });
  }
}

/** Creates a chat client for an OpenAI-compatible `/chat/completions` endpoint over `fetch`. */
export function createChatClient(options: ChatClientOptions): ChatClient {
  return new OpenAiCompatibleClient(options);
}
