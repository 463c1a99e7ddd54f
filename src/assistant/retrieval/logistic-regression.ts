/**
 * Binary logistic regression with an L2 penalty, fitted by Newton's method
 * (iteratively reweighted least squares). With a few dozen features and a
 * few thousand rows each step is a small linear solve, and the result is
 * deterministic: the same rows always give the same weights.
 */

export interface LogisticModel {
  /** Feature names, in the order of `weights`. */
  features: string[];
  weights: number[];
  bias: number;
}

export interface LogisticFitOptions {
  /** L2 penalty on the weights (not the bias), as a sum over rows. Default 1. */
  l2?: number;
  /** Newton steps at most. Default 50. */
  maxIterations?: number;
  /** Stops when no weight moves more than this. Default 1e-8. */
  tolerance?: number;
}

export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/** Probability of the positive class for one feature row. */
export function predictProbability(model: LogisticModel, row: readonly number[]): number {
  let z = model.bias;
  for (let i = 0; i < model.weights.length; i++) z += model.weights[i]! * (row[i] ?? 0);
  return sigmoid(z);
}

/** Fits weights and bias to rows labelled true (positive) or false. */
export function fitLogistic(
  features: readonly string[],
  rows: readonly (readonly number[])[],
  labels: readonly boolean[],
  options: LogisticFitOptions = {},
): LogisticModel {
  if (rows.length !== labels.length) throw new RangeError(`${rows.length} rows but ${labels.length} labels`);
  const l2 = options.l2 ?? 1;
  const maxIterations = options.maxIterations ?? 50;
  const tolerance = options.tolerance ?? 1e-8;
  const size = features.length + 1;
  // The last coefficient is the bias, which stays unpenalised.
  let beta = new Array<number>(size).fill(0);

  for (let iteration = 0; iteration < maxIterations; iteration++) {
    const gradient = new Array<number>(size).fill(0);
    const hessian = Array.from({ length: size }, () => new Array<number>(size).fill(0));
    for (let r = 0; r < rows.length; r++) {
      const x = withBias(rows[r]!, features.length);
      const p = sigmoid(dot(beta, x));
      const error = p - (labels[r] ? 1 : 0);
      const curvature = Math.max(p * (1 - p), 1e-9);
      for (let i = 0; i < size; i++) {
        gradient[i]! += error * x[i]!;
        for (let j = 0; j <= i; j++) hessian[i]![j]! += curvature * x[i]! * x[j]!;
      }
    }
    for (let i = 0; i < size; i++) {
      for (let j = 0; j < i; j++) hessian[j]![i] = hessian[i]![j]!;
      if (i < size - 1) {
        gradient[i]! += l2 * beta[i]!;
        hessian[i]![i]! += l2;
      } else {
        // A tiny ridge on the bias keeps the solve stable when one class is missing.
        hessian[i]![i]! += 1e-6;
      }
    }
    const step = solve(hessian, gradient);
    const next = beta.map((b, i) => b - step[i]!);
    const moved = Math.max(...step.map(Math.abs));
    beta = next;
    if (moved < tolerance) break;
  }

  return { features: [...features], weights: beta.slice(0, size - 1), bias: beta[size - 1]! };
}

function withBias(row: readonly number[], count: number): number[] {
  const x = new Array<number>(count + 1);
  for (let i = 0; i < count; i++) x[i] = row[i] ?? 0;
  x[count] = 1;
  return x;
}

function dot(a: readonly number[], b: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}

/** Solves A·x = b by Gaussian elimination with partial pivoting; A is small and positive definite. */
function solve(matrix: readonly (readonly number[])[], vector: readonly number[]): number[] {
  const n = vector.length;
  const a = matrix.map((row, i) => [...row, vector[i]!]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(a[r]![col]!) > Math.abs(a[pivot]![col]!)) pivot = r;
    [a[col], a[pivot]] = [a[pivot]!, a[col]!];
    const lead = a[col]![col]!;
    if (Math.abs(lead) < 1e-12) continue;
    for (let r = col + 1; r < n; r++) {
      const factor = a[r]![col]! / lead;
      if (factor === 0) continue;
      for (let c = col; c <= n; c++) a[r]![c]! -= factor * a[col]![c]!;
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    const lead = a[r]![r]!;
    if (Math.abs(lead) < 1e-12) continue;
    let sum = a[r]![n]!;
    for (let c = r + 1; c < n; c++) sum -= a[r]![c]! * x[c]!;
    x[r] = sum / lead;
  }
  return x;
}
