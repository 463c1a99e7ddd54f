import type { SparseVector } from './sparse-vector.js';

/** Turns text into dense vectors; implementations: the built-in encoder, local ONNX models, embedding APIs. */
export interface Encoder {
  readonly name: string;
  readonly dimension: number;
  /** Encodes the texts in order; `signal` aborts a remote call (local models finish the batch they run). */
  encode(texts: readonly string[], signal?: AbortSignal): Promise<Float32Array[]>;
}

/** An encoder that also exposes its sparse term weights, which exact inverted-index search uses. */
export interface SparseEncoder extends Encoder {
  encodeSparse(text: string): SparseVector;
}
