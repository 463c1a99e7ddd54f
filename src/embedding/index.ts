export { BuiltinEncoder, type BuiltinEncoderOptions, type BuiltinEncoderState } from './builtin-encoder.js';
export type { Encoder, SparseEncoder } from './encoder.js';
export { type SparseVector, emptySparseVector, sparseDot, sparseFromMap, sparseWeightedSum } from './sparse-vector.js';
export { DenseVectorCache, denseDot } from './dense-vectors.js';
export { checkLocalModelFolder, LocalModelEncoder, type LocalModelEncoderOptions, type Pooling } from './local-model-encoder.js';
