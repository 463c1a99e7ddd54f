export { normalizeText, traditionalToSimplified } from './normalize.js';
export { Tokenizer, type TokenizeOptions } from './tokenizer.js';
