/**
 * Question-matching evaluation on AFQMC-style data: JSON lines with
 * sentence1, sentence2 and label "0"/"1". The first half of the file fits the
 * matcher's logistic weights and every model's thresholds; the second half
 * is reported. The matcher's thresholds are picked on cross-fitted scores of
 * the first half (each fold scored by weights fitted on the other folds),
 * because scores of the rows the weights were fitted on are optimistic.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { type LabelledPair, type TrainQuestionMatcherOptions, trainQuestionMatcher } from '../assistant/retrieval/question-matcher.js';
import { ShopmindError } from '../core/errors.js';
import { DenseVectorCache, denseDot } from '../embedding/dense-vectors.js';
import { Bm25Index } from '../text/bm25.js';
import { Tokenizer } from '../text/tokenizer.js';
import type { AssistantEvaluationOptions } from './assistant-eval.js';
import { evaluationEncoder } from './evaluation-encoder.js';
import { accuracyOf, binaryCounts, f1Of } from './metrics.js';
import type { EvaluationReport } from './report.js';
import { tuneThreshold } from './threshold.js';

interface QuestionPair {
  a: string;
  b: string;
  same: boolean;
}

const fileName = 'dev.json';

/** Reads the labelled pairs; a line that is not a labelled pair is an error naming its line number. */
export function readAfqmcPairs(dataDir: string): QuestionPair[] {
  const file = path.join(dataDir, fileName);
  if (!existsSync(file)) {
    throw new ShopmindError(
      'DATASET_NOT_FOUND',
      {
        zh: `找不到 ${file}：afqmc 需要一个含 ${fileName}（JSON 行：sentence1、sentence2、label）的目录，请用 --data-dir 指向它`,
        en: `${file} not found: afqmc needs a folder holding ${fileName} (JSON lines with sentence1, sentence2, label); point --data-dir at it`,
      },
      { file },
    );
  }
  const pairs: QuestionPair[] = [];
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((line, index) => {
      if (line.trim().length === 0) return;
      pairs.push(parsePairLine(line, index + 1, file));
    });
  return pairs;
}

function parsePairLine(line: string, lineNumber: number, file: string): QuestionPair {
  let row: unknown;
  try {
    row = JSON.parse(line);
  } catch {
    row = undefined;
  }
  const record = (row ?? {}) as Record<string, unknown>;
  const label = String(record.label ?? '');
  if (typeof record.sentence1 !== 'string' || typeof record.sentence2 !== 'string' || (label !== '0' && label !== '1')) {
    throw new ShopmindError(
      'INVALID_FILE',
      {
        zh: `${file} 第 ${lineNumber} 行不是标注句对：需要 JSON 对象，含字符串 sentence1、sentence2 和 label "0" 或 "1"`,
        en: `${file} line ${lineNumber} is not a labelled pair: expected a JSON object with string sentence1, sentence2 and label "0" or "1"`,
      },
      { file, line: lineNumber },
    );
  }
  return { a: record.sentence1, b: record.sentence2, same: label === '1' };
}

interface ModelScores {
  tuning: number[];
  evaluated: number[];
}

/** Accuracy and F1 on the evaluated half, each at the threshold that maximised it on the tuning half. */
function scoreModel(scores: ModelScores, tuningLabels: boolean[], evaluatedLabels: boolean[]) {
  const accuracyThreshold = tuneThreshold(scores.tuning, tuningLabels, 'accuracy').threshold;
  const f1Threshold = tuneThreshold(scores.tuning, tuningLabels, 'f1').threshold;
  const predict = (threshold: number) => scores.evaluated.map((score) => score >= threshold);
  return {
    metrics: {
      accuracy: accuracyOf(binaryCounts(predict(accuracyThreshold), evaluatedLabels)),
      f1: f1Of(binaryCounts(predict(f1Threshold), evaluatedLabels)),
    },
    thresholds: { accuracy: round(accuracyThreshold), f1: round(f1Threshold) },
  };
}

function constantModel(prediction: boolean, labels: boolean[]) {
  const counts = binaryCounts(
    labels.map(() => prediction),
    labels,
  );
  return { accuracy: accuracyOf(counts), f1: f1Of(counts) };
}

/** Plain BM25 baseline: symmetric coverage-normalised BM25 of the pair, IDF from the tuning half. */
function bm25Scores(tuning: QuestionPair[], evaluated: QuestionPair[]): ModelScores {
  const tokenizer = new Tokenizer();
  const tokens = (text: string) => tokenizer.tokenize(text);
  const index = Bm25Index.from(tuning.flatMap((pair) => [tokens(pair.a), tokens(pair.b)]));
  const score = (pair: QuestionPair) => {
    const a = tokens(pair.a);
    const b = tokens(pair.b);
    return (index.normalizedScore(a, b) + index.normalizedScore(b, a)) / 2;
  };
  return { tuning: tuning.map(score), evaluated: evaluated.map(score) };
}

/** Sentence-encoder baseline: the cosine of the two questions' vectors, no training. */
function encoderScores(vectors: DenseVectorCache, tuning: QuestionPair[], evaluated: QuestionPair[]): ModelScores {
  const score = (pair: QuestionPair) => denseDot(vectors.get(pair.a)!, vectors.get(pair.b)!);
  return { tuning: tuning.map(score), evaluated: evaluated.map(score) };
}

const thresholdFolds = 5;

/**
 * Share of same-meaning pairs among the k highest-scored evaluated pairs.
 * Accuracy can beat the majority class only where this share exceeds 0.5.
 */
function precisionAtTop(scores: readonly number[], labels: readonly boolean[], ks: readonly number[]): Record<string, number> {
  const order = [...scores.keys()].sort((a, b) => scores[b]! - scores[a]!);
  const out: Record<string, number> = {};
  for (const k of ks.filter((k) => k <= order.length)) {
    out[`top${k}`] = round(order.slice(0, k).filter((i) => labels[i]).length / k);
  }
  return out;
}

/** Scores of every tuning pair from weights fitted without its fold (row i is in fold i mod 5). */
function crossFittedScores(pairs: readonly LabelledPair[], options: TrainQuestionMatcherOptions): number[] {
  const scores = new Array<number>(pairs.length).fill(0);
  for (let fold = 0; fold < thresholdFolds; fold++) {
    const held = pairs.filter((_, i) => i % thresholdFolds === fold);
    const matcher = trainQuestionMatcher(
      pairs.filter((_, i) => i % thresholdFolds !== fold),
      options,
    );
    held.forEach((pair, j) => {
      scores[j * thresholdFolds + fold] = matcher.probability(pair.a, pair.b);
    });
  }
  return scores;
}

function round(value: number): number {
  return Math.round(value * 1e4) / 1e4;
}

/** Runs the afqmc evaluation on the folder `options.dataDir`. */
export async function runAfqmcEvaluation(options: AssistantEvaluationOptions): Promise<EvaluationReport> {
  const started = performance.now();
  const pairs = readAfqmcPairs(options.dataDir);
  const half = Math.floor(pairs.length / 2);
  const tuning = pairs.slice(0, half);
  const evaluated = pairs.slice(half);
  const tuningLabels = tuning.map((pair) => pair.same);
  const evaluatedLabels = evaluated.map((pair) => pair.same);
  const tuningPositives = tuningLabels.filter(Boolean).length;
  if (evaluated.length === 0 || tuningPositives === 0 || tuningPositives === tuning.length) {
    throw new ShopmindError(
      'INVALID_FILE',
      {
        zh: `${fileName} 有 ${pairs.length} 对，前一半有 ${tuningPositives} 个正例：前一半必须同时有 label "0" 和 "1"，后一半不能为空`,
        en: `${fileName} has ${pairs.length} pairs with ${tuningPositives} positives in the first half: the first half needs both labels "0" and "1" and the second half must not be empty`,
      },
      { pairs: pairs.length },
    );
  }

  let vectors: DenseVectorCache | undefined;
  const encoder = await evaluationEncoder(options);
  if (encoder) {
    vectors = new DenseVectorCache(encoder);
    options.onProgress?.({ zh: `用 ${encoder.name} 编码 ${pairs.length * 2} 个问句`, en: `encoding ${pairs.length * 2} questions with ${encoder.name}` });
    await vectors.add(pairs.flatMap((pair) => [pair.a, pair.b]));
  }
  const matcherOptions: TrainQuestionMatcherOptions = { includeSeedCorpus: false, ...(vectors ? { denseVectors: vectors } : {}) };

  options.onProgress?.({ zh: `训练问句匹配模型（${tuning.length} 对，5 折选阈值）`, en: `training the question matcher on ${tuning.length} pairs, 5 folds for thresholds` });
  const matcher = trainQuestionMatcher(tuning, { ...matcherOptions, trainedOn: `afqmc first half, ${tuning.length} pairs` });
  const shopmindScores: ModelScores = {
    tuning: crossFittedScores(tuning, matcherOptions),
    evaluated: evaluated.map((pair) => matcher.probability(pair.a, pair.b)),
  };
  const shopmind = scoreModel(shopmindScores, tuningLabels, evaluatedLabels);
  const bm25 = scoreModel(bm25Scores(tuning, evaluated), tuningLabels, evaluatedLabels);
  const encoderModel = vectors ? scoreModel(encoderScores(vectors, tuning, evaluated), tuningLabels, evaluatedLabels) : undefined;
  const majorityLabel = tuningPositives * 2 > tuning.length;

  return {
    task: 'assistant',
    dataset: 'afqmc',
    protocol:
      `前 ${tuning.length} 对（文件前一半）训练 shopmind 的逻辑回归权重，并分别按准确率和 F1 为每个模型选阈值` +
      `（shopmind 的阈值取自 5 折交叉拟合分数）；报告后 ${evaluated.length} 对 / the first ${tuning.length} pairs (first half of the file) ` +
      `fit shopmind's logistic weights and pick each model's thresholds, one for accuracy and one for F1 ` +
      `(shopmind's on 5-fold cross-fitted scores); the last ${evaluated.length} pairs are reported`,
    encoder: vectors ? vectors.encoder.name : 'none',
    models: {
      shopmind: shopmind.metrics,
      bm25: bm25.metrics,
      ...(encoderModel ? { encoder: encoderModel.metrics } : {}),
      'all-positive': constantModel(true, evaluatedLabels),
      majority: constantModel(majorityLabel, evaluatedLabels),
    },
    pairs: evaluated.length,
    tuningPairs: tuning.length,
    positiveRate: {
      tuning: round(tuningPositives / tuning.length),
      evaluated: round(evaluatedLabels.filter(Boolean).length / evaluated.length),
    },
    thresholds: { shopmind: shopmind.thresholds, bm25: bm25.thresholds, ...(encoderModel ? { encoder: encoderModel.thresholds } : {}) },
    shopmindPrecisionAtTop: precisionAtTop(shopmindScores.evaluated, evaluatedLabels, [10, 50, 100, 200]),
    weights: Object.fromEntries([...matcher.model.features.map((name, i) => [name, round(matcher.model.weights[i]!)]), ['bias', round(matcher.model.bias)]]),
    seconds: round((performance.now() - started) / 1000),
  };
}
