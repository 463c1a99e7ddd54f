/**
 * Knowledge retrieval with a sentence encoder (a local ONNX model): the
 * fused retriever of `knowledge-retriever.ts` whose question matcher also
 * weighs sentence cosine. Encoding is asynchronous, so this retriever's
 * `search` returns a promise.
 */
import type { Logger } from '../../core/logger.js';
import { DenseVectorCache } from '../../embedding/dense-vectors.js';
import type { Encoder } from '../../embedding/encoder.js';
import { normalizeText } from '../../text/normalize.js';
import { trainDefaultEncoderMatcherModel } from './default-matcher-training.js';
import { createKnowledgeRetriever, type KnowledgeRetrieverOptions, type ScoredKnowledgeHit } from './knowledge-retriever.js';
import type { QuestionMatcherModel } from './question-matcher.js';
import type { KnowledgeDocument } from './types.js';

export interface EncoderKnowledgeRetriever {
  readonly encoderName: string;
  search(query: string, k?: number): Promise<ScoredKnowledgeHit[]>;
}

export interface EncoderRetrieverOptions extends Omit<KnowledgeRetrieverOptions, 'denseVectors'> {
  /**
   * Matcher weights with the `encoder_cosine` feature, fitted with this
   * encoder. Default: fitted on the seed pairs the first time a retriever
   * is built (`trainDefaultEncoderMatcherModel`).
   */
  matcherModel?: QuestionMatcherModel;
  /** Receives a warning when a query cannot be encoded and is searched lexically instead. */
  logger?: Logger;
}

/** Builds retrievers that share one encoder, one vector cache and one set of matcher weights. */
export class EncoderRetrieverBuilder {
  private readonly vectors: DenseVectorCache;
  private model: Promise<QuestionMatcherModel> | undefined;
  private readonly logger: Logger | undefined;
  private readonly retrieverOptions: Omit<KnowledgeRetrieverOptions, 'denseVectors' | 'matcherModel'>;

  constructor(encoder: Encoder, options: EncoderRetrieverOptions = {}) {
    const { logger, matcherModel, ...retrieverOptions } = options;
    this.vectors = new DenseVectorCache(encoder);
    this.logger = logger;
    this.retrieverOptions = retrieverOptions;
    if (matcherModel) this.model = Promise.resolve(matcherModel);
  }

  async build(documents: readonly KnowledgeDocument[]): Promise<EncoderKnowledgeRetriever> {
    this.model ??= trainDefaultEncoderMatcherModel(this.vectors);
    const matcherModel = await this.model;
    // NOTE: vectors of questions removed from the knowledge base stay cached until the process restarts.
    await this.vectors.add(documents.flatMap((document) => (document.kind === 'faq' ? [document.title, ...(document.alternatives ?? [])] : [])));
    const { logger, retrieverOptions } = this;
    const inner = createKnowledgeRetriever(documents, { ...retrieverOptions, denseVectors: this.vectors, matcherModel });
    const encoder = this.vectors.encoder;
    let lexical: ReturnType<typeof createKnowledgeRetriever> | undefined;
    return {
      encoderName: encoder.name,
      async search(query, k) {
        // Queries are encoded per call and not cached, so the cache does not grow with traffic.
        let vector: Float32Array | undefined;
        try {
          [vector] = await encoder.encode([normalizeText(query)]);
        } catch (error) {
          logger?.warn({ err: error, encoder: encoder.name }, 'query encoding failed; searching with lexical signals only');
        }
        if (vector) return inner.searchScored(query, k, vector);
        lexical ??= createKnowledgeRetriever(documents, retrieverOptions);
        return lexical.searchScored(query, k);
      },
    };
  }
}
