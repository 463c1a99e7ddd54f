/**
 * Gradient-boosted regression trees for binary classification (Friedman,
 * "Greedy Function Approximation: A Gradient Boosting Machine", 2001), with
 * the logistic loss, Newton leaf values and shrinkage as in XGBoost (Chen and
 * Guestrin, 2016). Trees are shallow and the data small (a few dozen
 * features, a few thousand rows), so every split is searched exactly over
 * the sorted feature values. Fitting is deterministic: no row or feature
 * sampling.
 */
import { sigmoid } from './logistic-regression.js';

/** One tree node: an inner split (`feature`, `threshold`, children) or a leaf (`value`). */
export type TreeNode = { feature: number; threshold: number; left: TreeNode; right: TreeNode } | { value: number };

export interface BoostedTreesModel {
  /** Feature names, in the order the trees' `feature` indices refer to. */
  features: string[];
  /** Log-odds every prediction starts from: the training set's positive rate. */
  base: number;
  trees: TreeNode[];
}

export interface BoostedTreesOptions {
  /** Boosting rounds, one tree each. Default 200. */
  rounds?: number;
  /** Maximum tree depth. Default 2. */
  depth?: number;
  /** Shrinkage applied to each tree's output. Default 0.05. */
  learningRate?: number;
  /** L2 penalty on leaf values (XGBoost's lambda). Default 1. */
  l2?: number;
  /** Minimum summed hessian p·(1-p) in a child, so a leaf never rests on a handful of rows. Default 2. */
  minChildWeight?: number;
}

interface Settings {
  rounds: number;
  depth: number;
  learningRate: number;
  l2: number;
  minChildWeight: number;
}

function settingsOf(options: BoostedTreesOptions): Settings {
  const settings = {
    rounds: options.rounds ?? 200,
    depth: options.depth ?? 2,
    learningRate: options.learningRate ?? 0.05,
    l2: options.l2 ?? 1,
    minChildWeight: options.minChildWeight ?? 2,
  };
  if (!Number.isInteger(settings.rounds) || settings.rounds < 0 || !Number.isInteger(settings.depth) || settings.depth < 1) {
    throw new RangeError(`boosted trees need integer rounds >= 0 and depth >= 1, got rounds=${settings.rounds}, depth=${settings.depth}`);
  }
  return settings;
}

/** Log-odds of the positive class for one feature row. */
export function boostedLogOdds(model: BoostedTreesModel, row: readonly number[]): number {
  let z = model.base;
  for (const tree of model.trees) z += leafValue(tree, row);
  return z;
}

/** Probability of the positive class for one feature row. */
export function boostedProbability(model: BoostedTreesModel, row: readonly number[]): number {
  return sigmoid(boostedLogOdds(model, row));
}

function leafValue(node: TreeNode, row: readonly number[]): number {
  let current = node;
  while (!('value' in current)) current = (row[current.feature] ?? 0) <= current.threshold ? current.left : current.right;
  return current.value;
}

/**
 * Fits boosted trees to rows labelled true (positive) or false. `onRound`
 * receives the model after every round, which lets cross-validation score
 * every round count from a single fit.
 */
export function fitBoostedTrees(
  features: readonly string[],
  rows: readonly (readonly number[])[],
  labels: readonly boolean[],
  options: BoostedTreesOptions = {},
  onRound?: (round: number, logOdds: (row: readonly number[]) => number) => void,
): BoostedTreesModel {
  if (rows.length !== labels.length) throw new RangeError(`${rows.length} rows but ${labels.length} labels`);
  const settings = settingsOf(options);
  const positives = labels.filter(Boolean).length;
  const rate = Math.min(Math.max(positives / Math.max(1, labels.length), 1e-6), 1 - 1e-6);
  const model: BoostedTreesModel = { features: [...features], base: Math.log(rate / (1 - rate)), trees: [] };
  const sorted = features.map((_, f) => [...rows.keys()].sort((a, b) => rows[a]![f]! - rows[b]![f]!));
  const margins = new Float64Array(rows.length).fill(model.base);

  for (let round = 0; round < settings.rounds; round++) {
    const gradients = new Float64Array(rows.length);
    const hessians = new Float64Array(rows.length);
    for (let r = 0; r < rows.length; r++) {
      const p = sigmoid(margins[r]!);
      gradients[r] = p - (labels[r] ? 1 : 0);
      hessians[r] = Math.max(p * (1 - p), 1e-9);
    }
    const grower = new TreeGrower(rows, sorted, gradients, hessians, settings);
    const tree = grower.grow(new Uint8Array(rows.length).fill(1), settings.depth);
    model.trees.push(tree);
    for (let r = 0; r < rows.length; r++) margins[r]! += leafValue(tree, rows[r]!);
    onRound?.(round + 1, (row) => boostedLogOdds(model, row));
  }
  return model;
}

interface Split {
  feature: number;
  threshold: number;
  gain: number;
}

/** Grows one tree on the current gradients; nodes are row masks over the whole training set. */
class TreeGrower {
  constructor(
    private readonly rows: readonly (readonly number[])[],
    private readonly sorted: readonly number[][],
    private readonly gradients: Float64Array,
    private readonly hessians: Float64Array,
    private readonly settings: Settings,
  ) {}

  grow(members: Uint8Array, depth: number): TreeNode {
    const { gradient, hessian } = this.sums(members);
    const leaf = { value: (-gradient / (hessian + this.settings.l2)) * this.settings.learningRate };
    if (depth === 0) return leaf;
    const split = this.bestSplit(members, gradient, hessian);
    if (!split) return leaf;

    const left = new Uint8Array(members.length);
    const right = new Uint8Array(members.length);
    for (let r = 0; r < members.length; r++) {
      if (!members[r]) continue;
      if (this.rows[r]![split.feature]! <= split.threshold) left[r] = 1;
      else right[r] = 1;
    }
    return { feature: split.feature, threshold: split.threshold, left: this.grow(left, depth - 1), right: this.grow(right, depth - 1) };
  }

  private sums(members: Uint8Array): { gradient: number; hessian: number } {
    let gradient = 0;
    let hessian = 0;
    for (let r = 0; r < members.length; r++) {
      if (!members[r]) continue;
      gradient += this.gradients[r]!;
      hessian += this.hessians[r]!;
    }
    return { gradient, hessian };
  }

  /** Scans every feature's sorted values for the split with the largest loss reduction, if any reduces it. */
  private bestSplit(members: Uint8Array, gradient: number, hessian: number): Split | undefined {
    const { l2, minChildWeight } = this.settings;
    const parentScore = (gradient * gradient) / (hessian + l2);
    let best: Split | undefined;
    for (let f = 0; f < this.sorted.length; f++) {
      let leftGradient = 0;
      let leftHessian = 0;
      let previous: number | undefined;
      for (const r of this.sorted[f]!) {
        if (!members[r]) continue;
        const value = this.rows[r]![f]!;
        if (previous !== undefined && value > previous && leftHessian >= minChildWeight && hessian - leftHessian >= minChildWeight) {
          const rightGradient = gradient - leftGradient;
          const rightHessian = hessian - leftHessian;
          const gain =
            (leftGradient * leftGradient) / (leftHessian + l2) + (rightGradient * rightGradient) / (rightHessian + l2) - parentScore;
          if (gain > 1e-9 && (!best || gain > best.gain)) best = { feature: f, threshold: (previous + value) / 2, gain };
        }
        leftGradient += this.gradients[r]!;
        leftHessian += this.hessians[r]!;
        previous = value;
      }
    }
    return best;
  }
}
