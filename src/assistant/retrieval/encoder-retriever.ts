/**
 * Knowledge retrieval with a sentence encoder (a local ONNX model): the
 * fused retriever of `knowledge-retriever.ts` whose question matcher also
 * weighs sentence cosine. Encoding is asynchronous, so this retriever's
 * `search` returns a promise.
 */
import { DenseVectorCache } from '../../embedding/dense-vectors.js';
import type { Encoder } from '../../embedding/encoder.js';
import { normalizeText } from '../../text/normalize.js';
import { trainDefaultEncoderMatcherModel } from './default-matcher-training.js';
import { createKnowledgeRetriever, type KnowledgeRetrieverOptions, type ScoredKnowledgeHit } from './knowledge-retriever.js';
import type { QuestionMatcherModel } from './question-matcher.js';
import type { KnowledgeDocument } from './types.js';

export interface EncoderKnowledgeRetriever {
  readonly encoderName: string;
  /** Searches with the query's sentence vector; rejects when the query cannot be encoded. */
  search(query: string, k?: number, signal?: AbortSignal): Promise<ScoredKnowledgeHit[]>;
}

export interface EncoderRetrieverOptions extends Omit<KnowledgeRetrieverOptions, 'denseVectors'> {
  /**
   * Matcher weights with the `encoder_cosine` feature, fitted with this
   * encoder. Default: fitted on the seed pairs the first time a retriever
   * is built (`trainDefaultEncoderMatcherModel`).
   */
  matcherModel?: QuestionMatcherModel;
}

/** Builds retrievers that share one encoder, one vector cache and one set of matcher weights. */
export class EncoderRetrieverBuilder {
  private readonly vectors: DenseVectorCache;
  private model: Promise<QuestionMatcherModel> | undefined;
  private readonly retrieverOptions: Omit<KnowledgeRetrieverOptions, 'denseVectors' | 'matcherModel'>;

  constructor(encoder: Encoder, options: EncoderRetrieverOptions = {}) {
    const { matcherModel, ...retrieverOptions } = options;
    this.vectors = new DenseVectorCache(encoder);
    this.retrieverOptions = retrieverOptions;
    if (matcherModel) this.model = Promise.resolve(matcherModel);
  }

  async build(documents: readonly KnowledgeDocument[]): Promise<EncoderKnowledgeRetriever> {
    if (!this.model) {
      const training = trainDefaultEncoderMatcherModel(this.vectors);
      // A failed fit (an embeddings API that is down) is tried again by the next build.
      training.catch(() => {
        if (this.model === training) this.model = undefined;
      });
      this.model = training;
    }
    const matcherModel = await this.model;
    // NOTE: vectors of questions removed from the knowledge base stay cached until the process restarts.
    await this.vectors.add(documents.flatMap((document) => (document.kind === 'faq' ? [document.title, ...(document.alternatives ?? [])] : [])));
    const inner = createKnowledgeRetriever(documents, { ...this.retrieverOptions, denseVectors: this.vectors, matcherModel });
    const encoder = this.vectors.encoder;
    return {
      encoderName: encoder.name,
      async search(query, k, signal) {
        // Queries are encoded per call and not cached, so the cache does not grow with traffic.
        const [vector] = await encoder.encode([normalizeText(query)], signal);
        return inner.searchScored(query, k, vector);
      },
    };
  }
}
