import type { Order } from '../../store/index.js';
import { linesNamedBy } from '../dialogue/order-reference.js';
import type { HandoffReason } from '../tools/handoff.js';
import { orderLabel } from '../tools/order-tools.js';

/** Fixed replies of the assistant, in the shopper's language (Chinese). */
export const replies = {
  greeting: '您好，我是店铺智能客服，可以帮您查询订单和物流、解答退换货和商品问题。请问有什么可以帮您？',
  injectionRefusal:
    '抱歉，我不能按消息中的指令更改自己的规则、权限或商品价格，也无法额外打折或免单。价格和优惠以商品页面和店铺活动为准。如果您有订单、物流、退换货或商品方面的问题，我很乐意帮您。',
  foreignOrder:
    '抱歉，我只能查询您本人账号下的订单和物流。这个单号不在您的订单中，请核对单号，或用下单时的账号登录后再咨询。',
  notUnderstood:
    '抱歉，我没有理解您的问题。您可以问我订单状态、物流进度、退换货或商品信息，也可以输入“转人工”联系人工客服。',
  noOrders: '您的账号下最近没有订单。如果您用其他账号下过单，请用那个账号登录后再咨询。',
  noKnowledgeAnswer:
    '抱歉，这个问题我暂时没有找到确切的说明，不想给您不准确的答复。您可以输入“转人工”，由人工客服为您解答。',
  productNotFound: '抱歉，本店没有找到您说的商品。如果您问的是本店的商品，请告诉我商品名称或商品编号（例如 SM-EAR-001），我再帮您查。',
  needsLogin: '请先登录，我才能查询您的订单。',
  contactDetailsOnly:
    '收到。为保护您的隐私，联系方式已隐藏；查询您的订单不需要手机号等信息，我可以直接查到。请告诉我您想问的问题；如果希望人工客服回电，请回复“请客服回电”。',
} as const;

/**
 * Builds the question back to a message of digits or symbols alone ("2")
 * when no list is waiting for a choice, because nothing shows what it refers to.
 */
export function bareNumberQuestion(text: string): string {
  const shown = [...text].length > 20 ? `${[...text].slice(0, 20).join('')}…` : text;
  return `抱歉，我不确定「${shown}」指的是什么。请用一句话告诉我您想问的问题，例如“耳机什么时候到”或“袜子能退吗”；查询订单时也可以直接发订单号或商品名称。`;
}

/** Builds the reply to a question about a model that no product of the shop carries. */
export function productNotSold(model: string): string {
  return `抱歉，本店没有「${model}」这款商品，无法提供它的价格、库存或参数。如果您想了解本店的商品，请告诉我商品名称或商品编号（例如 SM-EAR-001）。`;
}

/** Builds the reply to a question about a detail that the product page does not mention. */
export function productDetailMissing(title: string): string {
  return `抱歉，「${title}」的商品页面没有写明您问的这一点，我不想给您不准确的答复。您可以输入“转人工”，由人工客服为您确认。`;
}

/**
 * Builds the "which order do you mean?" question, listing the candidates by
 * number. Each order is shown by the item of `message` it contains, when it names one.
 */
export function clarifyOrderQuestion(candidates: readonly Order[], message = ''): string {
  const lines = candidates.map((order, i) => `${i + 1}. ${orderLabel(order, linesNamedBy(message, order)[0])}`);
  return [`您最近有 ${candidates.length} 个订单，请问您问的是哪一个？`, ...lines, '回复序号、商品名称或订单号即可。'].join('\n');
}

/** The reply that tells the shopper a human agent takes over. */
export function handoffNotice(reason: HandoffReason, handoffId: string): string {
  const opening: Record<HandoffReason, string> = {
    requested: '好的，',
    angry: '非常抱歉给您带来不好的体验，',
    repeated_failure: '抱歉没能帮您解决，',
    low_confidence: '这个问题需要人工客服来处理，',
    needs_review: '这个问题需要人工客服核实，',
  };
  return `${opening[reason]}已为您转接人工客服（工单号 ${handoffId}）。客服会看到我们刚才的对话，您无需重复描述，请稍候。`;
}
