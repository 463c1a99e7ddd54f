import type { BuiltinEncoder } from '../embedding/builtin-encoder.js';
import type { SparseVector } from '../embedding/sparse-vector.js';
import type { NeighborList } from './neighbor-list.js';
import type { BlendWeights, TrainingParams } from './training-params.js';

/** What the model keeps of each catalogue item. */
export interface ItemMeta {
  id: string;
  title: string;
  categoryPath: string;
}

/** A trained recommendation model: the artefact that training writes and serving reads. */
export interface RecommendModel {
  version: string;
  createdAt: string;
  /** Epoch ms of the newest training event; recency decay counts back from it. */
  trainedUntil: number;
  items: ItemMeta[];
  itemIndex: Map<string, number>;
  itemCf: NeighborList;
  transitions: NeighborList;
  content: NeighborList;
  popularity: Float32Array;
  /** Items by category path, most popular first (top 200 each). */
  categoryTop: Map<string, number[]>;
  /** Items of the whole catalogue, most popular first (top 500). */
  globalTop: number[];
  encoder: BuiltinEncoder;
  itemVectors: SparseVector[];
  params: TrainingParams;
  weights: BlendWeights;
  stats: { users: number; events: number; items: number; trainingMs: number; validation?: Record<string, number> };
}

export function indexItems(items: readonly ItemMeta[]): Map<string, number> {
  return new Map(items.map((item, i) => [item.id, i]));
}
