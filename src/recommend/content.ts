import { BuiltinEncoder } from '../embedding/builtin-encoder.js';
import type { SparseVector } from '../embedding/sparse-vector.js';
import { SparseIndex } from '../vector/sparse-index.js';
import type { NeighborList } from './neighbor-list.js';

/** Text and dictionary words of one catalogue item for the content encoder. */
export interface ItemText {
  title: string;
  description: string;
  categoryPath: string;
  brand: string;
  attributes: Record<string, string>;
}

export function itemDocument(item: ItemText): string {
  const attributes = Object.entries(item.attributes)
    .map(([k, v]) => `${k} ${v}`)
    .join(' ');
  // The title is repeated so it outweighs a long description.
  return [item.title, item.title, item.brand, item.categoryPath.replaceAll('>', ' '), attributes, item.description].join(' ');
}

/** Shop words for the tokenizer: brands, category names and attribute values. */
export function shopWords(items: readonly ItemText[]): string[] {
  const words = new Set<string>();
  for (const item of items) {
    if (item.brand) words.add(item.brand);
    for (const level of item.categoryPath.split('>')) if (level.trim()) words.add(level.trim());
    for (const value of Object.values(item.attributes)) if (value.length <= 12) words.add(value);
  }
  return [...words];
}

export interface ContentModel {
  encoder: BuiltinEncoder;
  vectors: SparseVector[];
  neighbors: NeighborList;
}

/**
 * Fits the built-in encoder on the shop's own product text and finds each
 * item's most similar items by cosine over the TF-IDF vectors.
 */
export function trainContent(items: readonly ItemText[], k: number, maxPostingLength: number): ContentModel {
  const documents = items.map(itemDocument);
  const encoder = BuiltinEncoder.fit(documents, { customWords: shopWords(items) });
  const vectors = documents.map((doc) => encoder.encodeSparse(doc));
  const index = new SparseIndex();
  for (const vector of vectors) index.add(vector);
  return { encoder, vectors, neighbors: neighborsFromIndex(index, vectors, k, maxPostingLength) };
}

export function neighborsFromIndex(index: SparseIndex, vectors: readonly SparseVector[], k: number, maxPostingLength: number): NeighborList {
  const offsets = new Uint32Array(vectors.length + 1);
  const targets: number[] = [];
  const scores: number[] = [];
  vectors.forEach((vector, i) => {
    const hits = index.search(vector, k, { exclude: new Set([i]), maxPostingLength });
    for (const hit of hits) {
      targets.push(hit.index);
      scores.push(hit.score);
    }
    offsets[i + 1] = targets.length;
  });
  return { offsets, targets: Uint32Array.from(targets), scores: Float32Array.from(scores) };
}
