import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AssistantService } from '../src/assistant/assistant-service.js';
import { classifyIntent } from '../src/assistant/dialogue/intent-classifier.js';
import { extractCodes } from '../src/text/index.js';
import { askDemo, demoAssistant } from './helpers/demo-assistant.js';
import { dialects, type TestStore } from './helpers/stores.js';

// Everyday shopper phrasings on the demo store (examples/demo-store), none of
// them copied from assistant-eval.jsonl. Dates are the demo's: "today" is
// 2026-11-30 in Beijing, and a no-reason return is open until the seventh day
// after the delivery day.
describe.each(dialects)('assistant phrasing on the demo store ($name)', (dialect) => {
  let t: TestStore;
  let service: AssistantService;

  beforeAll(async () => {
    t = await dialect.open();
    service = await demoAssistant(t.store);
  });
  afterAll(async () => {
    await t.cleanup();
  });

  const ask = (user: string, ...messages: string[]) => askDemo(service, user, ...messages);

  describe('returns in colloquial words', () => {
    it('reads 不想要了 as a return', async () => {
      // u214 received the face masks (D202611230001) on 11-25.
      const answer = await ask('u214', '我不想要这个面膜了');
      expect(answer.intent).toBe('return_exchange');
      expect(answer.tool).toBe('return_eligibility');
      expect(answer.orderId).toBe('D202611230001');
      expect(answer.text).toContain('2026-12-02');
    });

    it('answers only the line the shopper names', async () => {
      // u271's order D202611230008 contains a yoga mat and yoga trousers, and both titles share 瑜伽.
      const answer = await ask('u271', '瑜伽裤退了吧');
      expect(answer.tool).toBe('return_eligibility');
      expect(answer.text).toContain('静息 高腰裸感瑜伽裤');
      expect(answer.text).not.toContain('TPE加厚瑜伽垫');
      expect(answer.text).toContain('2026-12-01');
    });

    it('prefers the returnable order of two', async () => {
      // u040 has socks on the way (D202611260004) and running socks delivered on 11-26 (D202611240002).
      const answer = await ask('u040', '袜子买错了');
      expect(answer.orderId).toBe('D202611240002');
      expect(answer.text).toContain('疾风线 专业跑步袜');
      expect(answer.text).toContain('2026-12-03');
    });

    it('ignores orders without the named item', async () => {
      // u013's only order inside the return window is detergent, and the nut gift boxes were all bought earlier.
      const answer = await ask('u013', '坚果礼盒不想要了');
      expect(answer.orderId).toBe('D202610190001');
      expect(answer.text).toContain('拾味记 坚果礼盒');
      expect(answer.text).toContain('不支持');
      expect(answer.text).not.toContain('洗衣液');
    });

    it('offers cancelling before shipment', async () => {
      const answer = await ask('u022', '腰果不想要了');
      expect(answer.intent).toBe('return_exchange');
      expect(answer.orderId).toBe('D202611280002');
      expect(answer.text).toContain('还没有发货');
      expect(answer.text).toContain('取消订单');
    });

    it('reports a refund already under way', async () => {
      // u027's toilet paper order D202611210003 is 退款中.
      const answer = await ask('u027', '卷纸退款什么时候到');
      expect(answer.orderId).toBe('D202611210003');
      expect(answer.text).toContain('退款中');
      expect(answer.text).toContain('1-3 个工作日');
      expect(answer.text).not.toContain('签收后才能申请');
    });

    it('matches a Latin-and-Han item word', async () => {
      // "T恤" is in u040's parcel on the way, not in the delivered order.
      const answer = await ask('u040', 'T恤能换个大一码的吗');
      expect(answer.orderId).toBe('D202611260004');
      expect(answer.text).toContain('棉语 纯棉圆领短袖T恤');
      expect(answer.text).not.toContain('跑鞋');
    });

    it('says not yet for parcels in transit', async () => {
      const answer = await ask('u001', '数据线买错了');
      expect(answer.orderId).toBe('D202611280001');
      expect(answer.text).toContain('现在还不能申请退货');
      expect(answer.text).toContain('拒收');
      expect(answer.text).not.toContain('不支持无理由退货');
    });

    it('carries the return over to another item', async () => {
      const answer = await ask('u001', '耳机能退吗', '那手表呢');
      expect(answer.intent).toBe('return_exchange');
      expect(answer.orderId).toBe('D202611160007');
      expect(answer.text).toContain('2026-12-03');
    });
  });

  describe('rule questions about an own item', () => {
    it('answers an address change from the item\'s order', async () => {
      const answer = await ask('u005', '瑜伽垫能不能改个地址');
      expect(answer.intent).toBe('order_status');
      expect(answer.orderId).toBe('D202611290003');
      expect(answer.text).toContain('待发货');
      expect(answer.text).toContain('修改地址');
    });
  });

  describe('product facts by name and question shape', () => {
    const cases: { user: string; message: string; product: string; fact: string }[] = [
      { user: 'u004', message: '头灯充电是什么接口', product: 'SM-CMP-002', fact: 'Type-C' },
      { user: 'u004', message: '咖啡一盒几颗', product: 'SM-COF-001', fact: '2.5g×24颗' },
      { user: 'u004', message: '哑铃重不重', product: 'SM-FIT-001', fact: '一对共20kg' },
      { user: 'u004', message: '奶瓶多大容量', product: 'SM-BTL-001', fact: '240ml' },
      { user: 'u004', message: '牛肉干辣不辣', product: 'SM-JER-001', fact: '五香、麻辣' },
      { user: 'u004', message: '羊绒围巾多长', product: 'SM-SCF-001', fact: '180×30厘米' },
    ];
    for (const c of cases) {
      it(`answers "${c.message}" from ${c.product}`, async () => {
        const answer = await ask(c.user, c.message);
        expect(answer.intent).toBe('product_info');
        expect(answer.tool).toBe('product_facts');
        expect(answer.citations[0]?.id).toBe(`product:${c.product}`);
        expect(answer.text).toContain(c.fact);
      });
    }

    it('prefers the product the shopper bought', async () => {
      // Both power banks have a capacity, and the title index ranks the magnetic one first; u001 bought the 20000mAh one.
      const answer = await ask('u001', '充电宝多大容量');
      expect(answer.citations[0]?.id).toBe('product:SM-PWB-001');
      expect(answer.text).toContain('容量：20000mAh');
    });

    it('keeps the focus product for follow-ups', async () => {
      const first = await ask('u004', '保温杯多少钱');
      const followUp = await ask('u004', '保温杯多少钱', '有什么颜色');
      expect(first.citations[0]?.id).toBe('product:SM-CUP-001');
      expect(followUp.citations[0]?.id).toBe('product:SM-CUP-001');
      expect(followUp.text).toContain('颜色：雾白、墨绿、奶咖');
    });

    it('asks which product 这个 means', async () => {
      const answer = await ask('u004', '客服，这个有货吗');
      expect(answer.tool).toBe('product_facts');
      expect(answer.citations).toEqual([]);
      expect(answer.text).toContain('商品名称');
    });
  });

  describe('hand-off requests', () => {
    for (const message of ['麻烦让售后给我打个电话', '客服能联系我一下吗', '我要跟你们店长反映一下', '别说了，叫个人来']) {
      it(`hands off "${message}"`, async () => {
        const answer = await ask('u004', message);
        expect(answer.intent).toBe('handoff');
        expect(answer.handoff?.reason).toBe('requested');
        expect(answer.text).toContain('人工客服');
      });
    }

    it('leaves courier questions to tracking', async () => {
      const answer = await ask('u001', '快递员会联系我吗');
      expect(answer.handoff).toBeUndefined();
      expect(answer.tool).toBe('logistics_tracking');
    });

    it('hands off complaints without FAQ text', async () => {
      const answer = await ask('u004', '你们服务太差了，我要投诉');
      expect(answer.handoff?.reason).toBe('angry');
      expect(answer.citations).toEqual([]);
      expect(answer.text).not.toContain('400-000-0000');
    });
  });

  describe('knowledge answers or an honest decline', () => {
    it('answers past a phone number in the message', async () => {
      const answer = await ask('u001', '我电话13812345678，可以开发票吗');
      expect(answer.mode).toBe('retrieval');
      expect(answer.text).toContain('发票');
      expect(answer.text).not.toContain('13812345678');
    });

    for (const message of ['直播间几点开播', '可以开收据吗']) {
      it(`declines "${message}" at low confidence`, async () => {
        const answer = await ask('u004', message);
        expect(answer.tool).toBe('knowledge');
        expect(answer.citations).toEqual([]);
        expect(answer.text).toContain('转人工');
        expect(answer.confidence).toBeLessThan(0.3);
        expect(answer.handoff).toBeUndefined();
      });
    }

    it('answers coupons from the coupon FAQ', async () => {
      const answer = await ask('u004', '有没有优惠券');
      expect(answer.mode).toBe('retrieval');
      expect(answer.citations[0]?.title).toBe('有优惠券吗？在哪里领？');
      expect(answer.text).toContain('新人券');
      expect(answer.text).not.toContain('保修');
    });

    it('hands off long unanswerable messages', async () => {
      const answer = await ask('u004', '上个月在你们直播间抽到的奖品一直没发，主播说会私信我的，到现在也没有任何消息');
      expect(answer.handoff?.reason).toBe('low_confidence');
    });
  });
});

describe('intent classifier phrasing', () => {
  const classify = (text: string, lastIntent?: 'return_exchange') =>
    classifyIntent(text, { codes: extractCodes(text), ...(lastIntent ? { lastIntent } : {}) }).intent;

  it('reads colloquial returns', () => {
    expect(classify('面膜不想要了')).toBe('return_exchange');
    expect(classify('袜子买错了')).toBe('return_exchange');
    expect(classify('这条裤子退了吧')).toBe('return_exchange');
  });

  it('reads call-back and contact requests as hand-offs', () => {
    expect(classify('让客服打电话给我')).toBe('handoff');
    expect(classify('安排个专人跟进一下')).toBe('handoff');
    expect(classify('客服，这个有货吗')).not.toBe('handoff');
    expect(classify('老板在吗')).toBe('greeting');
  });

  it('reads "几号能到" as delivery', () => {
    expect(classify('纸巾几号能到')).toBe('logistics');
  });

  it('reads payment-method questions as policy', () => {
    expect(classify('能货到付款吗')).toBe('policy_faq');
  });

  it('carries an intent over to a newly named item', () => {
    expect(classify('那手表呢', 'return_exchange')).toBe('return_exchange');
    expect(classify('那手表呢')).toBe('unknown');
  });
});
