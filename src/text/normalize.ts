import * as OpenCC from 'opencc-js';

let toSimplified: ((text: string) => string) | undefined;

/** Converts traditional Chinese characters to simplified ones (OpenCC tables, Hong Kong and Taiwan variants). */
export function traditionalToSimplified(text: string): string {
  // Building the converter loads its tables, so it is made once per process.
  const convert = toSimplified ?? OpenCC.Converter({ from: 'hk', to: 'cn' });
  toSimplified = convert;
  return convert(text);
}

/**
 * Normalises text for matching: NFKC folds full-width letters, digits and
 * punctuation to half-width, traditional characters become simplified,
 * Latin letters become lower case and runs of whitespace collapse to one space.
 */
export function normalizeText(text: string): string {
  const folded = text.normalize('NFKC');
  return traditionalToSimplified(folded).toLowerCase().replace(/\s+/g, ' ').trim();
}
