/** Settings of one training run. Defaults were chosen to be safe on any shop; blending weights are tuned separately. */
export interface TrainingParams {
  /** Neighbours kept per item and generator. */
  neighbors: number;
  /** Co-occurrence window in positions of a user's sequence. */
  cooccurrenceWindow: number;
  /** Weight of a pair d positions apart is `positionDecay^(d-1)`. */
  positionDecay: number;
  /** Half-life in days of an interaction's weight, counted back from the newest event. */
  recencyHalfLifeDays: number;
  /** Only the latest events of very active users are used, bounding the quadratic pair count. */
  maxSequenceLength: number;
  /** How many following positions count as "viewed or bought next". */
  transitionSpan: number;
  /** Posting lists longer than this are skipped in content neighbour search (see SparseIndex). */
  contentMaxPostingLength: number;
}

export const defaultTrainingParams: TrainingParams = {
  neighbors: 100,
  cooccurrenceWindow: 20,
  positionDecay: 0.9,
  recencyHalfLifeDays: 60,
  maxSequenceLength: 200,
  transitionSpan: 3,
  contentMaxPostingLength: 3000,
};

/** Weights of the candidate generators when their scores are blended; tuned on a validation split. */
export interface BlendWeights {
  itemCf: number;
  transitions: number;
  content: number;
  popularity: number;
  /** Weight of the history item p positions back is `historyDecay^p`. */
  historyDecay: number;
}

export const defaultBlendWeights: BlendWeights = {
  itemCf: 1,
  transitions: 0.5,
  content: 0.1,
  popularity: 0.05,
  historyDecay: 0.8,
};
