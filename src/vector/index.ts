export { SparseIndex, type SparseSearchOptions } from './sparse-index.js';
export { type ScoredIndex, TopK } from './top-k.js';
