/** A sparse vector with ascending indices; encoders return it L2-normalised. */
export interface SparseVector {
  indices: Uint32Array;
  values: Float32Array;
}

export const emptySparseVector: SparseVector = { indices: new Uint32Array(0), values: new Float32Array(0) };

/** Builds a normalised sparse vector from index→weight pairs. */
export function sparseFromMap(weights: Map<number, number>): SparseVector {
  const indices = Uint32Array.from([...weights.keys()].sort((a, b) => a - b));
  const values = new Float32Array(indices.length);
  let norm = 0;
  indices.forEach((index, i) => {
    const w = weights.get(index) ?? 0;
    values[i] = w;
    norm += w * w;
  });
  if (norm > 0) {
    const scale = 1 / Math.sqrt(norm);
    for (let i = 0; i < values.length; i++) values[i]! *= scale;
  }
  return { indices, values };
}

/** Dot product of two sparse vectors (the cosine when both are normalised). */
export function sparseDot(a: SparseVector, b: SparseVector): number {
  let i = 0;
  let j = 0;
  let sum = 0;
  while (i < a.indices.length && j < b.indices.length) {
    const ai = a.indices[i]!;
    const bj = b.indices[j]!;
    if (ai === bj) {
      sum += a.values[i]! * b.values[j]!;
      i++;
      j++;
    } else if (ai < bj) i++;
    else j++;
  }
  return sum;
}

/** Weighted sum of sparse vectors, normalised; used for "the user's history as one vector". */
export function sparseWeightedSum(vectors: readonly SparseVector[], weights?: readonly number[]): SparseVector {
  const sum = new Map<number, number>();
  vectors.forEach((vector, v) => {
    const w = weights?.[v] ?? 1;
    for (let i = 0; i < vector.indices.length; i++) {
      const index = vector.indices[i]!;
      sum.set(index, (sum.get(index) ?? 0) + w * vector.values[i]!);
    }
  });
  return sparseFromMap(sum);
}
