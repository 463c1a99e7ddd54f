import { normalizeText } from '../text/normalize.js';
import { retrievalTerms } from '../text/terms.js';
import { Tokenizer } from '../text/tokenizer.js';
import type { SparseEncoder } from './encoder.js';
import { type SparseVector, sparseFromMap } from './sparse-vector.js';

export interface BuiltinEncoderOptions {
  /** Shop words (brands, product words, SKU codes) the tokenizer keeps whole. */
  customWords?: Iterable<string>;
  /** Features seen in fewer documents are dropped. Default 1. */
  minDocumentFrequency?: number;
  /** Dense output size of `encode`, by signed feature hashing. Default 256. */
  dimension?: number;
}

export interface BuiltinEncoderState {
  version: 1;
  vocabulary: string[];
  idf: number[];
  customWords: string[];
  dimension: number;
}

/** Features of one text: words plus Han character bigrams (see `retrievalTerms`). */
function features(tokenizer: Tokenizer, text: string): string[] {
  return retrievalTerms(tokenizer, normalizeText(text));
}

function hashFeature(text: string): number {
  // FNV-1a, 32 bit.
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/**
 * The encoder that needs no download: a TF-IDF model fitted on the shop's
 * own product titles and descriptions. `encodeSparse` gives exact term
 * weights for inverted-index search; `encode` folds them into a dense vector
 * for vector indexes.
 */
export class BuiltinEncoder implements SparseEncoder {
  readonly name = 'builtin-tfidf';
  readonly dimension: number;
  private readonly tokenizer: Tokenizer;
  private readonly index: Map<string, number>;
  private readonly idf: Float32Array;
  private readonly vocabulary: string[];

  private constructor(state: BuiltinEncoderState) {
    this.dimension = state.dimension;
    this.tokenizer = new Tokenizer(state.customWords);
    this.vocabulary = state.vocabulary;
    this.index = new Map(state.vocabulary.map((term, i) => [term, i]));
    this.idf = Float32Array.from(state.idf);
  }

  /** Learns the vocabulary and inverse document frequencies from the shop's texts. */
  static fit(texts: Iterable<string>, options: BuiltinEncoderOptions = {}): BuiltinEncoder {
    const customWords = [...(options.customWords ?? [])];
    const tokenizer = new Tokenizer(customWords);
    const documentFrequency = new Map<string, number>();
    let documents = 0;
    for (const text of texts) {
      documents++;
      for (const feature of new Set(features(tokenizer, text))) {
        documentFrequency.set(feature, (documentFrequency.get(feature) ?? 0) + 1);
      }
    }
    const minDf = options.minDocumentFrequency ?? 1;
    const vocabulary = [...documentFrequency.entries()]
      .filter(([, df]) => df >= minDf)
      .map(([term]) => term)
      .sort();
    const idf = vocabulary.map((term) => Math.log((1 + documents) / (1 + (documentFrequency.get(term) ?? 0))) + 1);
    return new BuiltinEncoder({
      version: 1,
      vocabulary,
      idf,
      customWords: [...tokenizer.customWords],
      dimension: options.dimension ?? 256,
    });
  }

  static fromState(state: BuiltinEncoderState): BuiltinEncoder {
    return new BuiltinEncoder(state);
  }

  toState(): BuiltinEncoderState {
    return {
      version: 1,
      vocabulary: this.vocabulary,
      idf: Array.from(this.idf),
      customWords: [...this.tokenizer.customWords],
      dimension: this.dimension,
    };
  }

  get vocabularySize(): number {
    return this.vocabulary.length;
  }

  /** Sublinear TF times IDF over known features, L2-normalised; unknown words are ignored. */
  encodeSparse(text: string): SparseVector {
    const counts = new Map<number, number>();
    for (const feature of features(this.tokenizer, text)) {
      const index = this.index.get(feature);
      if (index !== undefined) counts.set(index, (counts.get(index) ?? 0) + 1);
    }
    const weights = new Map<number, number>();
    for (const [index, count] of counts) {
      // Character bigrams back up the words, so they weigh half as much.
      const bigramScale = this.vocabulary[index]!.startsWith('#') ? 0.5 : 1;
      weights.set(index, (1 + Math.log(count)) * this.idf[index]! * bigramScale);
    }
    return sparseFromMap(weights);
  }

  async encode(texts: readonly string[]): Promise<Float32Array[]> {
    return texts.map((text) => this.toDense(this.encodeSparse(text)));
  }

  private toDense(vector: SparseVector): Float32Array {
    const dense = new Float32Array(this.dimension);
    for (let i = 0; i < vector.indices.length; i++) {
      const hash = hashFeature(this.vocabulary[vector.indices[i]!]!);
      const sign = hash & 1 ? 1 : -1;
      dense[(hash >>> 1) % this.dimension]! += sign * vector.values[i]!;
    }
    let norm = 0;
    for (const v of dense) norm += v * v;
    if (norm > 0) for (let i = 0; i < dense.length; i++) dense[i]! /= Math.sqrt(norm);
    return dense;
  }
}
