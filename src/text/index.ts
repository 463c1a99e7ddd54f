export { type Bm25Hit, Bm25Index, type Bm25Options, type Bm25SearchOptions } from './bm25.js';
export { type CodeKind, type CodePattern, type ExtractCodesOptions, type ExtractedCode, extractCodes } from './codes.js';
export { normalizeForRetrieval, normalizeText, stripDecorations, traditionalToSimplified } from './normalize.js';
export {
  createSynonymFolder,
  customerServiceSynonyms,
  foldSynonyms,
  type SynonymFolder,
  type SynonymTable,
} from './synonyms.js';
export { retrievalTerms } from './terms.js';
export { Tokenizer, type TokenizeOptions } from './tokenizer.js';
