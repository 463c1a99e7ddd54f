import { describe, expect, it } from 'vitest';
import { defaultQuestionMatcherModel } from '../src/assistant/retrieval/default-matcher-model.js';
import { trainDefaultQuestionMatcher } from '../src/assistant/retrieval/default-matcher-training.js';
import { fitLogistic, predictProbability } from '../src/assistant/retrieval/logistic-regression.js';
import { pairFeatureNames } from '../src/assistant/retrieval/pair-features.js';
import { createQuestionMatcher, type LabelledPair, trainQuestionMatcher } from '../src/assistant/retrieval/question-matcher.js';

describe('question matcher with default weights', () => {
  const matcher = createQuestionMatcher({ corpus: ['退货政策', '发票说明', '快递时效'] });

  it('returns probabilities in [0, 1]', () => {
    for (const [a, b] of [
      ['怎么退货', '怎么退货'],
      ['', '怎么退货'],
      ['😭', '！！'],
    ] as const) {
      const p = matcher.probability(a, b);
      expect(p).toBeGreaterThanOrEqual(0);
      expect(p).toBeLessThanOrEqual(1);
    }
  });

  it('calls identical questions the same', () => {
    expect(matcher.probability('怎么退货', '怎麼退貨？')).toBeGreaterThan(0.9);
  });

  it('ranks a paraphrase above an unrelated question', () => {
    const paraphrase = matcher.probability('快递到哪了', '我的包裹到哪里了');
    const unrelated = matcher.probability('快递到哪了', '能开发票吗');
    expect(paraphrase).toBeGreaterThan(0.5);
    expect(unrelated).toBeLessThan(0.2);
  });

  it('lowers the probability for a negation', () => {
    expect(matcher.probability('可以退货吗', '不可以退货吗')).toBeLessThan(matcher.probability('可以退货吗', '能退货吗'));
  });

  it('lowers the probability for another number', () => {
    expect(matcher.probability('买3件打几折', '买2件打几折')).toBeLessThan(matcher.probability('买3件打几折', '买3件打几折呢'));
  });

  it('explains a pair by named features', () => {
    const features = matcher.explain('可以退货吗', '不可以退货吗');
    expect(Object.keys(features)).toEqual([...pairFeatureNames]);
    expect(features.negation_mismatch).toBe(1);
    expect(features.number_conflict).toBe(0);
  });
});

describe('question matcher training', () => {
  const pairs: LabelledPair[] = [
    { a: '耳机怎么连蓝牙', b: '蓝牙耳机如何配对', same: true },
    { a: '耳机能防水吗', b: '耳机防不防水', same: true },
    { a: '耳机保修多久', b: '耳机质保期多长', same: true },
    { a: '耳机充电要多久', b: '耳机充满电需要几小时', same: true },
    { a: '耳机怎么连蓝牙', b: '耳机能防水吗', same: false },
    { a: '耳机保修多久', b: '耳机充电要多久', same: false },
    { a: '耳机能防水吗', b: '耳机能降噪吗', same: false },
    { a: '耳机充电要多久', b: '耳机能用多久', same: false },
  ];

  it('fits weights on a shop’s own pairs', () => {
    const matcher = trainQuestionMatcher(pairs, { trainedOn: 'test pairs' });
    expect(matcher.model.trainedOn).toBe('test pairs');
    expect(matcher.model.features).toEqual([...pairFeatureNames]);
    const positives = pairs.filter((pair) => pair.same).map((pair) => matcher.probability(pair.a, pair.b));
    const negatives = pairs.filter((pair) => !pair.same).map((pair) => matcher.probability(pair.a, pair.b));
    expect(Math.min(...positives)).toBeGreaterThan(Math.max(...negatives) - 0.3);
    expect(positives.reduce((s, p) => s + p, 0) / 4).toBeGreaterThan(negatives.reduce((s, p) => s + p, 0) / 4);
  });

  it('rejects pairs with one label only', () => {
    expect(() => trainQuestionMatcher(pairs.filter((pair) => pair.same))).toThrow(/both same and different/);
  });

  it('rejects a model of other features', () => {
    expect(() => createQuestionMatcher({ model: { ...defaultQuestionMatcherModel, features: ['x'], weights: [1] } })).toThrow(
      /retrain it/,
    );
  });

  it('reproduces the shipped default weights', () => {
    const refit = trainDefaultQuestionMatcher().model;
    refit.weights.forEach((weight, i) => {
      expect(weight).toBeCloseTo(defaultQuestionMatcherModel.weights[i]!, 4);
    });
    expect(refit.bias).toBeCloseTo(defaultQuestionMatcherModel.bias, 4);
  });
});

describe('fitLogistic', () => {
  it('separates a one-feature problem', () => {
    const rows = [[0], [0.1], [0.2], [0.8], [0.9], [1]];
    const labels = [false, false, false, true, true, true];
    const model = fitLogistic(['x'], rows, labels, { l2: 0.01 });
    expect(model.weights[0]).toBeGreaterThan(0);
    expect(predictProbability(model, [0.95])).toBeGreaterThan(0.9);
    expect(predictProbability(model, [0.05])).toBeLessThan(0.1);
  });

  it('shrinks weights with a larger penalty', () => {
    const rows = [[0], [1], [0.2], [0.7]];
    const labels = [false, true, false, true];
    const loose = fitLogistic(['x'], rows, labels, { l2: 0.1 });
    const tight = fitLogistic(['x'], rows, labels, { l2: 10 });
    expect(Math.abs(tight.weights[0]!)).toBeLessThan(Math.abs(loose.weights[0]!));
  });
});
