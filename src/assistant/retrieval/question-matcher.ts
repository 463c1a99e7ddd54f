/**
 * Question-to-question matching for FAQ paraphrases: the probability that two
 * Chinese questions ask the same thing, from lexical pair features combined
 * by a logistic regression. No model download is needed; a shop can retrain
 * the weights on its own labelled pairs.
 */
import type { DenseVectorCache } from '../../embedding/dense-vectors.js';
import { defaultQuestionMatcherModel } from './default-matcher-model.js';
import { type LogisticModel, fitLogistic, predictProbability } from './logistic-regression.js';
import { encoderFeatureName, PairFeatureContext, type TextProfile } from './pair-features.js';
import { seedQuestionPairs } from './seed-pairs.js';

/** A labelled question pair: `same` is true when both ask the same thing. */
export interface LabelledPair {
  a: string;
  b: string;
  same: boolean;
}

/** Trained matcher weights; plain JSON, so a shop's own model can be stored and loaded. */
export interface QuestionMatcherModel extends LogisticModel {
  version: 1;
  /** L2 penalty the weights were fitted with. */
  l2: number;
  /** Description of the training data, for reports. */
  trainedOn: string;
}

export interface QuestionMatcherOptions {
  /**
   * Texts whose word statistics (IDF, BM25 lengths) the features use: the
   * knowledge base's questions and answers, or the training questions.
   */
  corpus?: Iterable<string>;
  /** Adds the built-in seed questions to the corpus, so a tiny corpus still has sensible statistics. Default true. */
  includeSeedCorpus?: boolean;
  /** Shop words (brands, product names, SKU codes) kept whole by the tokenizer. */
  customWords?: Iterable<string>;
  /**
   * Sentence vectors of a configured encoder, which add the `encoder_cosine`
   * feature. Every text the matcher compares must be added to the cache
   * first, and the model must have been trained with the same encoder.
   */
  denseVectors?: DenseVectorCache;
  /** Weights; the default ones ship with shopmind (`defaultQuestionMatcherModel`) and have no encoder feature. */
  model?: QuestionMatcherModel;
}

export interface TrainQuestionMatcherOptions extends Omit<QuestionMatcherOptions, 'model'> {
  /** L2 penalty of the logistic regression. Default 1. */
  l2?: number;
  /** Label for `trainedOn`. Default "N labelled pairs". */
  trainedOn?: string;
}

/** Probability that two questions mean the same; 0.5 is the decision point of the calibrated model. */
export class QuestionMatcher {
  readonly model: QuestionMatcherModel;
  private readonly context: PairFeatureContext;

  constructor(context: PairFeatureContext, model: QuestionMatcherModel) {
    assertCompatible(model, context.featureNames);
    this.context = context;
    this.model = model;
  }

  /** Per-text inputs of the features; `dense` is the text's sentence vector when it is not in the matcher's cache. */
  profile(text: string, dense?: Float32Array): TextProfile {
    return this.context.profile(text, dense);
  }

  /** True when the weights use a sentence encoder's cosine. */
  get usesEncoder(): boolean {
    return this.model.features.at(-1) === encoderFeatureName;
  }

  probability(a: string, b: string): number {
    return this.probabilityOfProfiles(this.profile(a), this.profile(b));
  }

  /** Same as `probability`, for texts profiled once and compared many times. */
  probabilityOfProfiles(a: TextProfile, b: TextProfile): number {
    return predictProbability(this.model, this.context.features(a, b));
  }

  /** Named feature values of a pair, for explanations and debugging. */
  explain(a: string, b: string): Record<string, number> {
    const values = this.context.features(this.profile(a), this.profile(b));
    return Object.fromEntries(this.context.featureNames.map((name, i) => [name, values[i]!]));
  }
}

function corpusOf(options: QuestionMatcherOptions, extra: Iterable<string> = []): string[] {
  const texts = [...(options.corpus ?? []), ...extra];
  if (options.includeSeedCorpus ?? true) for (const pair of seedQuestionPairs) texts.push(pair.a, pair.b);
  return texts;
}

/** Creates a matcher with the given (or the default) weights over the given corpus statistics. */
export function createQuestionMatcher(options: QuestionMatcherOptions = {}): QuestionMatcher {
  const context = new PairFeatureContext(corpusOf(options), contextOptions(options));
  return new QuestionMatcher(context, options.model ?? defaultQuestionMatcherModel);
}

/**
 * Fits the matcher's weights on labelled pairs. The pairs' own questions join
 * the corpus, so the features see the same statistics in training and use.
 */
export function trainQuestionMatcher(
  pairs: readonly LabelledPair[],
  options: TrainQuestionMatcherOptions = {},
): QuestionMatcher {
  const positives = pairs.filter((pair) => pair.same).length;
  if (positives === 0 || positives === pairs.length) {
    throw new RangeError(`training needs both same and different pairs, got ${positives} same of ${pairs.length}`);
  }
  const context = new PairFeatureContext(
    corpusOf(
      options,
      pairs.flatMap((pair) => [pair.a, pair.b]),
    ),
    contextOptions(options),
  );
  const rows = pairs.map((pair) => context.features(context.profile(pair.a), context.profile(pair.b)));
  const l2 = options.l2 ?? 1;
  const fitted = fitLogistic(
    [...context.featureNames],
    rows,
    pairs.map((pair) => pair.same),
    { l2 },
  );
  const model: QuestionMatcherModel = {
    version: 1,
    ...fitted,
    l2,
    trainedOn: options.trainedOn ?? `${pairs.length} labelled pairs`,
  };
  return new QuestionMatcher(context, model);
}

function contextOptions(options: QuestionMatcherOptions) {
  return { customWords: options.customWords ?? [], ...(options.denseVectors ? { denseVectors: options.denseVectors } : {}) };
}

function assertCompatible(model: QuestionMatcherModel, featureNames: readonly string[]): void {
  const expected = featureNames.join(',');
  if (model.version !== 1 || model.features.join(',') !== expected || model.weights.length !== featureNames.length) {
    throw new RangeError(
      `question-matcher model does not fit this version: features [${model.features.join(', ')}], expected [${expected}]; retrain it with trainQuestionMatcher`,
    );
  }
}
