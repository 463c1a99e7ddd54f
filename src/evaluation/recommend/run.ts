import { performance } from 'node:perf_hooks';
import { seededRandom, shuffleInPlace } from '../../core/random.js';
import { contentRanking, itemKnnRanking, popularityRanking, trainItemKnn } from '../../recommend/baselines.js';
import { rankItems } from '../../recommend/ranker.js';
import { trainModel } from '../../recommend/train.js';
import { tuneBlendWeights, type ValidationCase } from '../../recommend/tuning.js';
import { SparseIndex } from '../../vector/sparse-index.js';
import { f1, hitRate, MetricAverager, ndcg, precision, recall } from '../metrics.js';
import type { EvaluationReport } from '../report.js';
import type { RecommendSplit } from './split.js';

export interface RecommendEvalOptions {
  /** Validation cases used for tuning, sampled with a fixed seed. Default 5000. */
  tuningCases?: number;
  seed?: number;
  onStage?: (stage: string) => void;
}

type Ranker = (c: ValidationCase) => number[];

function scoreRanker(cases: readonly ValidationCase[], itemCount: number, rank: Ranker): Record<string, number> {
  const averager = new MetricAverager();
  const shown = new Set<number>();
  for (const c of cases) {
    const ranked = rank(c).map(String);
    for (const item of ranked.slice(0, 10)) shown.add(Number(item));
    const targets = new Set([...c.targets].map(String));
    const p10 = precision(ranked, targets, 10);
    const r10 = recall(ranked, targets, 10);
    averager.add({
      'hr@10': hitRate(ranked, targets, 10),
      'ndcg@10': ndcg(ranked, targets, 10),
      'recall@20': recall(ranked, targets, 20),
      'precision@10': p10,
      'f1@10': f1(p10, r10),
    });
  }
  return { ...averager.means(), coverage: shown.size / Math.max(1, itemCount) };
}

function round(metrics: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(metrics).map(([k, v]) => [k, Math.round(v * 10_000) / 10_000]));
}

/**
 * Scores shopmind and the popularity, item-KNN and content baselines on one
 * split. shopmind's blending weights are tuned on the validation phase only.
 */
export function runRecommendEvaluation(split: RecommendSplit, options: RecommendEvalOptions = {}): EvaluationReport {
  const started = performance.now();
  const stage = options.onStage ?? (() => {});
  const itemCount = split.items.length;

  stage('validation model');
  const validationModel = trainModel({ items: split.items, sequences: split.validation.train });
  const tuningCases = shuffleInPlace([...split.validation.cases], seededRandom(options.seed ?? 42)).slice(0, options.tuningCases ?? 5000);
  stage(`tuning on ${tuningCases.length} validation cases`);
  const tuning = tuneBlendWeights(validationModel, tuningCases);

  stage('test model');
  const model = trainModel({ items: split.items, sequences: split.test.train }, { weights: tuning.weights });
  const cases = split.test.cases;
  const models: Record<string, Record<string, number>> = {};

  stage('scoring shopmind');
  models.shopmind = scoreRanker(cases, itemCount, (c) =>
    rankItems(model, c.history, { weights: tuning.weights, limit: 20, exclude: (item) => c.exclude.has(item) }).map((r) => r.item),
  );

  stage('scoring popularity');
  const popular = popularityRanking(split.test.train, itemCount);
  models.popularity = scoreRanker(cases, itemCount, (c) => {
    const out: number[] = [];
    for (const item of popular) {
      if (out.length >= 20) break;
      if (!c.exclude.has(item)) out.push(item);
    }
    return out;
  });

  stage('scoring item-knn');
  const knn = trainItemKnn(split.test.train, itemCount);
  models['item-knn'] = scoreRanker(cases, itemCount, (c) => itemKnnRanking(knn, c.history.map((h) => h.item), c.exclude, 20));

  stage('scoring content');
  const contentIndex = new SparseIndex();
  for (const vector of model.itemVectors) contentIndex.add(vector);
  models.content = scoreRanker(cases, itemCount, (c) =>
    contentRanking(contentIndex, model.itemVectors, c.history.map((h) => h.item), c.exclude, 20),
  );

  return {
    task: 'recommend',
    dataset: split.dataset,
    protocol: split.protocol,
    users: cases.length,
    items: itemCount,
    models: Object.fromEntries(Object.entries(models).map(([name, metrics]) => [name, round(metrics)])),
    tuning: {
      validation_cases: tuningCases.length,
      weights: tuning.weights,
      validation_ndcg10_default: Math.round(tuning.defaultNdcgAt10 * 10_000) / 10_000,
      validation_ndcg10_tuned: Math.round(tuning.ndcgAt10 * 10_000) / 10_000,
      evaluations: tuning.evaluations,
    },
    seconds: Math.round((performance.now() - started) / 100) / 10,
  };
}
