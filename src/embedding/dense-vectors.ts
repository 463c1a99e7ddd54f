import { normalizeText } from '../text/normalize.js';
import type { Encoder } from './encoder.js';

/** Dot product of two vectors of equal length; the cosine when both are L2-normalised. */
export function denseDot(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}

/**
 * Sentence vectors of an encoder, computed once per distinct text. Encoding
 * is asynchronous and batched, so callers `add` every text they will compare
 * before the synchronous scoring code looks the vectors up with `get`. Texts
 * are keyed and encoded after `normalizeText` (full-width forms, traditional
 * characters and case folded), so 退貨 and 退货 share one vector.
 */
export class DenseVectorCache {
  readonly encoder: Encoder;
  private readonly vectors = new Map<string, Float32Array>();

  constructor(encoder: Encoder) {
    this.encoder = encoder;
  }

  get size(): number {
    return this.vectors.size;
  }

  /** Encodes the texts not yet in the cache. */
  async add(texts: Iterable<string>): Promise<void> {
    const missing = new Set<string>();
    for (const text of texts) {
      const key = normalizeText(text);
      if (!this.vectors.has(key)) missing.add(key);
    }
    if (missing.size === 0) return;
    const keys = [...missing];
    const vectors = await this.encoder.encode(keys);
    keys.forEach((key, i) => {
      this.vectors.set(key, vectors[i]!);
    });
  }

  /** Vector of a text that was added before; undefined otherwise. */
  get(text: string): Float32Array | undefined {
    return this.vectors.get(normalizeText(text));
  }
}
