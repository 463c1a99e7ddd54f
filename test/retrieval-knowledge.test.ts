import { describe, expect, it } from 'vitest';
import { createKnowledgeRetriever } from '../src/assistant/retrieval/knowledge-retriever.js';
import { createReplyRetriever, type DialoguePair } from '../src/assistant/retrieval/reply-retriever.js';
import type { KnowledgeDocument } from '../src/assistant/retrieval/types.js';

const documents: KnowledgeDocument[] = [
  {
    id: 'faq:1',
    kind: 'faq',
    title: '怎么申请退货？',
    alternatives: ['退货流程是什么'],
    text: '在订单详情页点击申请售后，选择退货并填写原因，审核通过后寄回商品。',
    version: 3,
  },
  { id: 'faq:2', kind: 'faq', title: '退款多久到账？', text: '商家收到退货后 1-3 个工作日内退款，原路返回。', version: 3 },
  { id: 'faq:3', kind: 'faq', title: '发什么快递？', text: '默认发中通快递，偏远地区发邮政。', version: 3 },
  { id: 'faq:4', kind: 'faq', title: '可以开发票吗？', text: '可以开电子普通发票，下单时填写抬头和税号。', version: 3 },
  { id: 'faq:5', kind: 'faq', title: 'SM-EAR-001 耳机防水吗？', text: '支持 IPX4 级防水，可以防汗防溅。', version: 3 },
  {
    id: 'policy:returns#1',
    kind: 'policy',
    title: '退换货政策 > 7天无理由退货',
    text: '签收之日起7天内，商品完好、吊牌齐全、不影响二次销售的，支持无理由退货。退货运费由买家承担；质量问题的运费由商家承担。',
    version: 3,
  },
  {
    id: 'policy:shipping#1',
    kind: 'policy',
    title: '配送政策 > 发货时间',
    text: '现货商品在付款后48小时内发货，预售商品以页面标注的时间为准。节假日顺延。',
    version: 3,
  },
];

describe('knowledge retriever', () => {
  const retriever = createKnowledgeRetriever(documents, { customWords: ['SM-EAR-001'] });

  it('finds an FAQ by a paraphrase', () => {
    const hits = retriever.search('我想退貨，怎麼弄😭', 3);
    expect(hits[0]!.document.id).toBe('faq:1');
    expect(hits[0]!.signals).toContain('bm25');
  });

  it('finds an FAQ through its alternative question', () => {
    expect(retriever.search('退货的流程', 1)[0]!.document.id).toBe('faq:1');
  });

  it('finds a policy chunk by keywords', () => {
    expect(retriever.search('退货运费谁出', 1)[0]!.document.id).toBe('policy:returns#1');
    expect(retriever.search('付款后多久发货', 1)[0]!.document.id).toBe('policy:shipping#1');
  });

  it('matches a question paraphrase with the question matcher', () => {
    const [hit] = retriever.searchScored('能开票吗', 1);
    expect(hit!.document.id).toBe('faq:4');
    expect(hit!.components.questionMatch).toBeGreaterThan(0.3);
  });

  it('lifts a document holding a code from the query', () => {
    const [hit] = retriever.search('ＳＭ－ＥＡＲ－００１能下水吗', 1);
    expect(hit!.document.id).toBe('faq:5');
    expect(hit!.signals).toContain('exact-code');
    expect(hit!.score).toBeGreaterThanOrEqual(0.9);
  });

  it('keeps scores in [0, 1] and sorted', () => {
    for (const query of ['怎么退货', '发票', '今天天气怎么样', 'SM-EAR-001', '退款多久到账？']) {
      const hits = retriever.search(query, 10);
      for (const hit of hits) {
        expect(hit.score).toBeGreaterThanOrEqual(0);
        expect(hit.score).toBeLessThanOrEqual(1);
      }
      const scores = hits.map((hit) => hit.score);
      expect(scores).toEqual([...scores].sort((a, b) => b - a));
    }
  });

  it('scores an on-topic question above an off-topic one', () => {
    const onTopic = retriever.search('退款多久能到账', 1)[0]!.score;
    const offTopic = retriever.search('今天天气怎么样', 1)[0]?.score ?? 0;
    expect(onTopic).toBeGreaterThan(offTopic + 0.2);
  });

  it('returns nothing for an empty query', () => {
    expect(retriever.search('   ', 5)).toEqual([]);
    expect(retriever.search('😭', 5)).toEqual([]);
  });

  it('honours k', () => {
    expect(retriever.search('退货', 2)).toHaveLength(2);
  });
});

describe('reply retriever', () => {
  const topics = [
    { ask: '什么时候发货', reply: '亲，付款后48小时内发货哦' },
    { ask: '可以开发票吗', reply: '可以的，电子发票会在签收后发送到邮箱' },
    { ask: '退款多久到账', reply: '退款一般1到3个工作日原路退回' },
    { ask: '发什么快递', reply: '默认中通快递，偏远地区发邮政' },
    { ask: '尺码怎么选', reply: '身高170建议选M码，可以参考详情页尺码表' },
  ];
  const pairs: DialoguePair[] = [];
  for (let round = 0; round < 8; round++) {
    for (const topic of topics) {
      pairs.push({ context: `你好,在吗,您好请问有什么可以帮您,${topic.ask}${'?'.repeat(round % 3)}`, reply: topic.reply });
    }
  }
  const retriever = createReplyRetriever(pairs, { trainingContexts: 40, negativesPerContext: 4, sessionWindow: 0 });

  it('ranks the reply of a similar past context first', () => {
    const candidates = topics.map((topic) => topic.reply);
    const scores = retriever.scoreCandidates('在吗,我想问下退款多久能到账', candidates);
    const best = scores.indexOf(Math.max(...scores));
    expect(candidates[best]).toBe(topics[2]!.reply);
  });

  it('suggests known replies for a new context', () => {
    const [first] = retriever.suggest('请问什么时候能发货呀', 3);
    expect(first!.reply).toBe(topics[0]!.reply);
  });

  it('needs at least two pairs', () => {
    expect(() => createReplyRetriever(pairs.slice(0, 1))).toThrow(/at least 2/);
  });
});
