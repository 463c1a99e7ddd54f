/**
 * Sentence encoder backed by an OpenAI-compatible embeddings API
 * (`POST {baseUrl}/embeddings`), for shops whose model provider serves
 * embeddings. Texts leave the machine, so personal data in them (phone
 * numbers, ID numbers, addresses, emails) is masked before every request.
 */
import { ShopmindError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { maskPii } from '../core/pii.js';
import { defaultTransportDeps, openEmbeddingsResponse, type TransportDeps } from '../llm/http-transport.js';
import { embeddingService, type LlmProviderConfig } from '../llm/provider-config.js';
import type { Encoder } from './encoder.js';

export interface ApiEncoderOptions {
  provider: LlmProviderConfig;
  /** Texts per request. Default 10, the lowest batch limit among common Chinese providers. */
  batchSize?: number;
  logger?: Logger;
  /** Replaces `fetch`, sleep, clock or random source (tests). */
  deps?: Partial<TransportDeps>;
}

interface EmbeddingsBody {
  data?: { embedding?: unknown; index?: unknown }[];
}

function invalidResponse(model: string, detail: string): ShopmindError {
  return new ShopmindError(
    'LLM_REQUEST_FAILED',
    {
      zh: `向量接口（模型 ${model}）返回了无法使用的内容：${detail}，请确认它兼容 OpenAI 的 /embeddings 接口`,
      en: `Embeddings API (model ${model}) returned an unusable response: ${detail}; check that it serves OpenAI-compatible /embeddings`,
    },
    { reason: 'invalid_response', retryable: false, model },
  );
}

function normalised(values: readonly number[]): Float32Array {
  const vector = Float32Array.from(values);
  let norm = 0;
  for (const value of vector) norm += value * value;
  norm = Math.sqrt(norm);
  if (norm > 0) for (let i = 0; i < vector.length; i++) vector[i]! /= norm;
  return vector;
}

/** L2-normalised sentence vectors from an embeddings API. */
export class ApiEncoder implements Encoder {
  readonly name: string;
  private readonly provider: LlmProviderConfig;
  private readonly batchSize: number;
  private readonly deps: TransportDeps;
  private knownDimension = 0;

  constructor(options: ApiEncoderOptions) {
    this.provider = { ...options.provider, service: options.provider.service ?? embeddingService };
    this.name = `api:${options.provider.model}`;
    this.batchSize = options.batchSize ?? 10;
    this.deps = { ...defaultTransportDeps, ...options.deps, ...(options.logger ? { logger: options.logger } : {}) };
  }

  /** Vector length, known after the first successful request; 0 before. */
  get dimension(): number {
    return this.knownDimension;
  }

  async encode(texts: readonly string[], signal?: AbortSignal): Promise<Float32Array[]> {
    const vectors: Float32Array[] = [];
    for (let start = 0; start < texts.length; start += this.batchSize) {
      const batch = texts.slice(start, start + this.batchSize).map((text) => maskPii(text).text || ' ');
      vectors.push(...(await this.encodeBatch(batch, signal)));
    }
    return vectors;
  }

  private async encodeBatch(input: string[], signal?: AbortSignal): Promise<Float32Array[]> {
    const started = performance.now();
    const open = await openEmbeddingsResponse(this.provider, { model: this.provider.model, input }, this.deps, signal);
    let body: EmbeddingsBody;
    try {
      body = (await open.response.json()) as EmbeddingsBody;
    } catch {
      throw invalidResponse(this.provider.model, 'not JSON');
    } finally {
      open.finish();
    }

    const rows = Array.isArray(body.data) ? body.data : [];
    if (rows.length !== input.length) throw invalidResponse(this.provider.model, `${rows.length} vectors for ${input.length} texts`);
    const vectors = new Array<Float32Array>(input.length);
    rows.forEach((row, position) => {
      // `index` is the position of the row's input. Providers that omit it return rows in input order.
      const index = typeof row.index === 'number' ? row.index : position;
      const values = row.embedding;
      if (!Array.isArray(values) || values.length === 0 || !values.every((v) => typeof v === 'number' && Number.isFinite(v))) {
        throw invalidResponse(this.provider.model, `row ${position} has no numeric embedding`);
      }
      if (index < 0 || index >= input.length || vectors[index]) throw invalidResponse(this.provider.model, `row ${position} has index ${index}`);
      vectors[index] = normalised(values as number[]);
    });

    const dimension = vectors[0]!.length;
    if (vectors.some((vector) => vector.length !== dimension) || (this.knownDimension > 0 && dimension !== this.knownDimension)) {
      throw invalidResponse(this.provider.model, 'vectors of different lengths');
    }
    this.knownDimension = dimension;
    this.deps.logger?.debug(
      { embedding: { model: this.provider.model, texts: input.length, attempts: open.attempts, latencyMs: Math.round(performance.now() - started) } },
      'embeddings request done',
    );
    return vectors;
  }
}
