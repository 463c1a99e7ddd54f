import type { Logger } from '../../core/logger.js';
import type { Encoder } from '../../embedding/encoder.js';
import { FailureCooldown } from '../../llm/cooldown.js';
import { type EncoderKnowledgeRetriever, EncoderRetrieverBuilder } from '../retrieval/encoder-retriever.js';
import { createKnowledgeRetriever } from '../retrieval/knowledge-retriever.js';
import type { KnowledgeDocument, KnowledgeHit, KnowledgeRetriever, SyncKnowledgeRetriever } from '../retrieval/types.js';

/** Builds a retriever over one version of a shop's knowledge documents. */
export type RetrieverFactory = (documents: readonly KnowledgeDocument[]) => KnowledgeRetriever | Promise<KnowledgeRetriever>;

export const defaultRetrieverFactory: RetrieverFactory = (documents) => createKnowledgeRetriever(documents);

export interface EncoderRetrieverFactoryOptions {
  logger?: Logger;
  /** Maximum wait for one query's sentence vector before searching lexically, in milliseconds. Default 1500. */
  queryBudgetMs?: number;
  /** Pause after an encoder failure, in milliseconds, during which searches are lexical. Default 30000. */
  pauseMs?: number;
}

/**
 * A retriever that searches lexically at once and with the sentence encoder
 * once the encoder side is ready. The encoder side (model load, matcher fit,
 * knowledge-base vectors) is built in the background, so neither a slow
 * model nor an embeddings API that is down delays a shopper's answer.
 */
export class HybridKnowledgeRetriever implements KnowledgeRetriever {
  private readonly lexical: SyncKnowledgeRetriever;
  private encoderSide: EncoderKnowledgeRetriever | undefined;
  private building: Promise<boolean> | undefined;

  constructor(
    private readonly documents: readonly KnowledgeDocument[],
    private readonly builder: () => Promise<EncoderRetrieverBuilder>,
    private readonly cooldown: FailureCooldown,
    private readonly options: EncoderRetrieverFactoryOptions,
  ) {
    this.lexical = createKnowledgeRetriever(documents);
    this.startBuild();
  }

  /** Resolves once the current background build ends: true when the encoder side is in use. */
  ready(): Promise<boolean> {
    return this.building ?? Promise.resolve(this.encoderSide !== undefined);
  }

  async search(query: string, k?: number): Promise<KnowledgeHit[]> {
    if (!this.encoderSide) {
      if (!this.building && this.cooldown.remainingMs() === 0) this.startBuild();
      return this.lexical.search(query, k);
    }
    if (this.cooldown.remainingMs() > 0) return this.lexical.search(query, k);

    const budget = AbortSignal.timeout(this.options.queryBudgetMs ?? 1500);
    try {
      return await raceWithSignal(this.encoderSide.search(query, k, budget), budget);
    } catch (error) {
      this.cooldown.recordFailure();
      const reason = budget.aborted ? `no vector within ${this.options.queryBudgetMs ?? 1500} ms` : errorText(error);
      this.options.logger?.warn(
        { encoder: this.encoderSide.encoderName, reason, pauseMs: this.cooldown.pauseMs },
        'query encoding failed; knowledge searches are lexical during the pause',
      );
      return this.lexical.search(query, k);
    }
  }

  private startBuild(): void {
    const build = this.builder()
      .then((builder) => builder.build(this.documents))
      .then((side) => {
        this.encoderSide = side;
        this.cooldown.recordSuccess();
        this.options.logger?.info({ encoder: side.encoderName, documents: this.documents.length }, 'knowledge searches use the sentence encoder');
        return true;
      })
      .catch((error: unknown) => {
        this.cooldown.recordFailure();
        this.options.logger?.error(
          { reason: errorText(error), documents: this.documents.length, pauseMs: this.cooldown.pauseMs },
          'sentence encoder failed; knowledge searches are lexical until a later search retries after the pause',
        );
        return false;
      })
      .finally(() => {
        this.building = undefined;
      });
    this.building = build;
  }
}

/** Returns the message of an error without its stack or DOMException constants, for one log line. */
function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Resolves with the promise, or rejects when the signal aborts first (a local model cannot be interrupted). */
function raceWithSignal<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const abort = () => reject(signal.reason ?? new Error('aborted'));
    if (signal.aborted) abort();
    signal.addEventListener('abort', abort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', abort));
  });
}

/**
 * Retrievers that add a sentence encoder (a local model or an embeddings
 * API). The encoder is created, and the matcher weights fitted, by the
 * first background build; see `HybridKnowledgeRetriever` for how failures
 * fall back to lexical search.
 */
export function encoderRetrieverFactory(createEncoder: () => Promise<Encoder>, options: EncoderRetrieverFactoryOptions = {}): RetrieverFactory {
  const cooldown = new FailureCooldown(options.pauseMs ?? 30_000);
  let builder: Promise<EncoderRetrieverBuilder> | undefined;
  const sharedBuilder = () => {
    builder ??= createEncoder().then((encoder) => {
      options.logger?.info({ encoder: encoder.name }, 'assistant retrieval uses a sentence encoder');
      return new EncoderRetrieverBuilder(encoder);
    });
    // A failed start (a model that does not load) is tried again by a later build.
    const current = builder;
    current.catch(() => {
      if (builder === current) builder = undefined;
    });
    return current;
  };
  return (documents) => new HybridKnowledgeRetriever(documents, sharedBuilder, cooldown, options);
}
