import { describe, expect, it } from 'vitest';
import { Bm25Index } from '../src/text/bm25.js';
import { extractCodes } from '../src/text/codes.js';
import { normalizeForRetrieval, normalizeText, stripDecorations } from '../src/text/normalize.js';
import { createSynonymFolder, foldSynonyms } from '../src/text/synonyms.js';

describe('Bm25Index', () => {
  const documents = [
    ['退货', '运费', '买家', '承担'],
    ['发货', '时间', '48', '小时'],
    ['退货', '退货', '流程', '申请', '售后'],
    ['发票', '抬头', '电子', '发票'],
  ];

  it('uses documented defaults', () => {
    const index = new Bm25Index();
    expect(index.k1).toBe(1.2);
    expect(index.b).toBe(0.75);
  });

  it('ranks documents by term match', () => {
    const index = Bm25Index.from(documents);
    const hits = index.search(['退货', '流程'], 10);
    expect(hits.map((hit) => hit.index)).toEqual([2, 0]);
    expect(hits[0]!.score).toBeGreaterThan(hits[1]!.score);
    expect(index.search(['发票'], 10).map((hit) => hit.index)).toEqual([3]);
    expect(index.search(['不存在'], 10)).toEqual([]);
  });

  it('gives rare terms a higher IDF', () => {
    const index = Bm25Index.from(documents);
    expect(index.idf('流程')).toBeGreaterThan(index.idf('退货'));
    expect(index.idf('从未出现')).toBeGreaterThan(index.idf('流程'));
    expect(index.idf('退货')).toBeGreaterThan(0);
  });

  it('saturates repeated terms with k1', () => {
    const saturating = Bm25Index.from(documents, { k1: 0.1 });
    const linear = Bm25Index.from(documents, { k1: 10 });
    const ratio = (index: Bm25Index) => index.scoreTokens(['退货'], ['退货', '退货', 'x']) / index.scoreTokens(['退货'], ['退货', 'x', 'y']);
    expect(ratio(linear)).toBeGreaterThan(ratio(saturating));
  });

  it('scores outside tokens like indexed ones', () => {
    const index = Bm25Index.from(documents);
    expect(index.scoreTokens(['发货', '时间'], documents[1]!)).toBeCloseTo(index.score(['发货', '时间'], 1), 10);
  });

  it('normalises scores into [0, 1]', () => {
    const index = Bm25Index.from(documents);
    expect(index.normalizedScore(['退货', '运费'], ['退货', '运费', '买家', '承担'])).toBeCloseTo(1, 10);
    const half = index.normalizedScore(['退货', '发票'], ['退货', '运费']);
    expect(half).toBeGreaterThan(0);
    expect(half).toBeLessThan(1);
    expect(index.normalizedScore([], ['退货'])).toBe(0);
    expect(index.normalizedScore(['退货'], [])).toBe(0);
  });

  it('rejects invalid parameters', () => {
    expect(() => new Bm25Index({ b: 2 })).toThrow(/0 <= b <= 1/);
  });
});

describe('normalizeForRetrieval', () => {
  it('converts traditional characters', () => {
    expect(normalizeForRetrieval('請問這個產品怎麼退貨')).toBe('请问这个产品怎么退货');
  });

  it('folds full-width letters and digits', () => {
    expect(normalizeForRetrieval('ＳＭ－ＥＡＲ－００１　多少钱')).toBe('sm-ear-001 多少钱');
  });

  it('strips emoji and decorative symbols', () => {
    expect(normalizeForRetrieval('👍🏻发货了吗😭😭★☆♥')).toBe('发货了吗');
    expect(stripDecorations('好的👨‍👩‍👧谢谢')).toBe('好的 谢谢');
  });

  it('unifies tilde forms', () => {
    expect(normalizeForRetrieval('在吗〜～~')).toBe('在吗~~~');
  });

  it('folds customer-service synonyms', () => {
    expect(normalizeForRetrieval('怎么退钱')).toBe('怎么退款');
    expect(normalizeForRetrieval('物流到哪了')).toBe('快递到哪了');
    expect(normalizeForRetrieval('包裹丢了')).toBe('快递丢了');
    expect(normalizeForRetrieval('转人工客服')).toBe('转客服');
    expect(normalizeForRetrieval('如何退货')).toBe('怎么退货');
  });

  it('keeps the plain normalizeText unchanged', () => {
    expect(normalizeText('怎么退钱😭')).toBe('怎么退钱😭');
  });

  it('compiles a custom synonym table, longest variant first', () => {
    const folder = createSynonymFolder({ 耳机: ['耳麦', '蓝牙耳麦'] });
    expect(folder.fold('蓝牙耳麦和耳麦')).toBe('耳机和耳机');
    expect(foldSynonyms('没有变化')).toBe('没有变化');
  });
});

describe('extractCodes', () => {
  it('finds SKU, order and tracking codes', () => {
    expect(extractCodes('SM-EAR-001 的订单 D202611200001 发了 SF1234567890123')).toEqual([
      { kind: 'sku', value: 'SM-EAR-001' },
      { kind: 'order', value: 'D202611200001' },
      { kind: 'tracking', value: 'SF1234567890123', carrier: 'SF' },
    ]);
  });

  it('reads full-width input', () => {
    expect(extractCodes('订单Ｄ２０２６１１２００００１，货号ｓｍ－ｅａｒ－００１')).toEqual([
      { kind: 'order', value: 'D202611200001' },
      { kind: 'sku', value: 'SM-EAR-001' },
    ]);
  });

  it('joins codes typed with spaces', () => {
    expect(extractCodes('单号 SF 1234 5678 90123 谢谢')).toEqual([{ kind: 'tracking', value: 'SF1234567890123', carrier: 'SF' }]);
    expect(extractCodes('SM - EAR - 002')).toEqual([{ kind: 'sku', value: 'SM-EAR-002' }]);
  });

  it('recognises carrier prefixes and long digit runs', () => {
    expect(extractCodes('YT1234567890123')).toEqual([{ kind: 'tracking', value: 'YT1234567890123', carrier: 'YT' }]);
    expect(extractCodes('中通ZTO78123456789')).toEqual([{ kind: 'tracking', value: 'ZTO78123456789', carrier: 'ZTO' }]);
    expect(extractCodes('快递单号75312345678901')).toEqual([{ kind: 'tracking', value: '75312345678901' }]);
  });

  it('never reports phone or ID-card numbers', () => {
    expect(extractCodes('电话 13812345678，身份证 110101199003071234')).toEqual([]);
    expect(extractCodes('我手机号是＋86 139 1234 5678')).toEqual([]);
    expect(extractCodes('电话 138 1234 5678')).toEqual([]);
  });

  it('drops duplicates and plain words', () => {
    expect(extractCodes('SM-EAR-001 还是 sm-ear-001')).toHaveLength(1);
    expect(extractCodes('iPhone 15 pro 有货吗')).toEqual([]);
  });

  it('tries shop patterns first', () => {
    expect(extractCodes('订单 TB-778899', { patterns: [{ kind: 'order', pattern: /^TB-\d{6}$/ }] })).toEqual([
      { kind: 'order', value: 'TB-778899' },
    ]);
  });
});
