import { describe, expect, it } from 'vitest';
import { accuracyOf, binaryCounts, f1, f1Of, hitRate, ndcg, precision, recall, reciprocalRank } from '../src/evaluation/metrics.js';

describe('ranking metrics', () => {
  const ranked = ['a', 'b', 'c', 'd'];

  it('scores a hit at rank two', () => {
    const targets = new Set(['b']);
    expect(hitRate(ranked, targets, 1)).toBe(0);
    expect(hitRate(ranked, targets, 2)).toBe(1);
    expect(ndcg(ranked, targets, 10)).toBeCloseTo(1 / Math.log2(3), 10);
    expect(reciprocalRank(ranked, targets)).toBe(0.5);
  });

  it('normalises NDCG by the ideal ranking', () => {
    const targets = new Set(['a', 'b']);
    expect(ndcg(ranked, targets, 10)).toBe(1);
    expect(ndcg(['x', 'a', 'b'], targets, 10)).toBeCloseTo((1 / Math.log2(3) + 1 / Math.log2(4)) / (1 + 1 / Math.log2(3)), 10);
  });

  it('computes precision, recall and F1 at k', () => {
    const targets = new Set(['a', 'd', 'z']);
    expect(precision(ranked, targets, 2)).toBe(0.5);
    expect(recall(ranked, targets, 4)).toBeCloseTo(2 / 3, 10);
    expect(f1(0.5, 0.5)).toBe(0.5);
    expect(f1(0, 0)).toBe(0);
  });

  it('gives zero for an empty target set', () => {
    expect(ndcg(ranked, new Set(), 10)).toBe(0);
    expect(recall(ranked, new Set(), 10)).toBe(0);
  });
});

describe('classification metrics', () => {
  it('counts and scores binary predictions', () => {
    const counts = binaryCounts([true, true, false, false], [true, false, true, false]);
    expect(counts).toEqual({ truePositive: 1, falsePositive: 1, trueNegative: 1, falseNegative: 1 });
    expect(accuracyOf(counts)).toBe(0.5);
    expect(f1Of(counts)).toBe(0.5);
  });
});
