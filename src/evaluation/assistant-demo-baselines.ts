import type { Intent } from '../assistant/dialogue/intents.js';
import type { KnowledgeRetriever } from '../assistant/retrieval/types.js';

// First match wins, on the raw lower-cased message: no traditional-to-simplified
// folding, no order or tracking codes, no conversation context.
const keywordRules: [Intent, RegExp][] = [
  ['handoff', /人工|客服/],
  ['return_exchange', /退|换/],
  ['logistics', /快递|物流|到哪|包裹/],
  ['order_status', /订单|发货/],
  ['product_info', /多少钱|价格|有货|库存|尺码|多久|多大/],
  ['policy_faq', /发票|运费|包邮|优惠|积分|会员|支付/],
];

/** Baseline intent classifier: a short keyword list, as a shop might write by hand. */
export function keywordIntent(message: string): Intent {
  const text = message.toLowerCase();
  return keywordRules.find(([, pattern]) => pattern.test(text))?.[0] ?? 'unknown';
}

// FAQ categories of the demo store, read as intents.
const categoryIntents: Record<string, Intent> = {
  退货: 'return_exchange',
  换货: 'return_exchange',
  退款: 'return_exchange',
  售后保修: 'return_exchange',
  配送: 'logistics',
  快递: 'logistics',
  发货: 'order_status',
  取消订单: 'order_status',
  修改地址: 'order_status',
  人工客服: 'handoff',
  尺码: 'product_info',
  商品真伪: 'product_info',
};

export interface RetrievalOnlyAnswer {
  text: string;
  intent: Intent;
  handoff: boolean;
}

/**
 * Baseline answerer: the text of the best FAQ or policy hit, with no tools,
 * no orders and no dialogue state. Its intent is the hit's FAQ category, and
 * it hands off only when that category is 人工客服.
 */
export async function retrievalOnlyAnswer(retriever: KnowledgeRetriever, message: string, minScore: number): Promise<RetrievalOnlyAnswer> {
  const [hit] = await retriever.search(message, 1);
  if (!hit || hit.score < minScore) return { text: '', intent: 'unknown', handoff: false };
  const intent = categoryIntents[hit.document.category ?? ''] ?? 'policy_faq';
  return { text: hit.document.text, intent, handoff: intent === 'handoff' };
}
