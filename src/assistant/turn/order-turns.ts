import type { Order } from '../../store/index.js';
import { normalizeText } from '../../text/index.js';
import { clarifyOrderQuestion, replies } from '../answers/replies.js';
import { AnswerBuilder, type Source } from '../answers/sources.js';
import { type OrderReference, ordersNamedBy, resolveOrderReference } from '../dialogue/order-reference.js';
import { type Intent, intentKeywords } from '../dialogue/intents.js';
import { knowledgeAnswer, knowledgeSource, searchCoveredKnowledge, searchKnowledge } from './knowledge-turns.js';
import { formatDateTime } from '../tools/display-format.js';
import { carrierName, latestEvent, shipmentSource, shipmentStatusLabel } from '../tools/logistics-tools.js';
import { isUnshipped, orderStatusLabel } from '../tools/order-status.js';
import { orderSource } from '../tools/order-tools.js';
import type { TurnDeps, TurnInput, TurnOutcome } from './turn-types.js';

// Asks when an order leaves the warehouse: "什么时候发货", "几天能发", "怎么还没发货".
const shipTimeQuestion = /(什么时候|啥时候|何时|几天|几号|多久|多长时间|哪天|怎么还没|还没|还不)(能|会|才|可以)?发(?!票)/;
const etaQuestion = /什么时候(能)?到|几天(能)?到|多久(能)?(到|收到)|哪天(能)?到|何时到|还要多久/;

function isDeliveredShipment(status: string): boolean {
  return status === '已签收' || status.toLowerCase() === 'delivered';
}

type OrderIntent = Extract<Intent, 'order_status' | 'logistics' | 'return_exchange'>;

const toolOf = {
  order_status: 'order_status',
  logistics: 'logistics_tracking',
  return_exchange: 'return_eligibility',
} as const;

function plain(input: TurnInput, intent: OrderIntent, text: string, resolved: boolean): TurnOutcome {
  return {
    intent,
    confidence: input.decision.confidence,
    tool: toolOf[intent],
    mode: 'rules',
    text,
    sources: [],
    llmEligible: false,
    resolved,
  };
}

/** Resolves which order the message means, using the shopper's own orders and shipments only. */
export async function referenceFor(deps: TurnDeps, input: TurnInput, intent: Intent, returnWindowDays?: number): Promise<OrderReference> {
  const shipments = await deps.repositories.shipments.listForOrders(
    input.ctx.shopId,
    input.orders.map((o) => o.id),
  );
  return resolveOrderReference({
    message: input.message,
    codes: input.codes,
    orders: input.orders,
    shipments,
    state: input.state,
    intent,
    now: input.now,
    ...(returnWindowDays !== undefined ? { returnWindowDays } : {}),
    tokenize: (text) => deps.catalog.tokenize(text),
    productNames: await deps.catalog.categoryNames(input.ctx),
  });
}

/**
 * Builds the reply when the reference is not one order: a refusal for
 * someone else's number, a "which order?" question, or a note that there is none.
 */
export function unresolvedReference(input: TurnInput, intent: OrderIntent, reference: OrderReference): TurnOutcome | undefined {
  if (reference.kind === 'foreign') {
    return { ...plain(input, intent, replies.foreignOrder, true), tool: 'refusal' };
  }
  if (reference.kind === 'ambiguous') {
    return {
      ...plain(input, intent, clarifyOrderQuestion(reference.candidates, input.message), true),
      tool: 'clarification',
      clarifyOrderIds: reference.candidates.map((o) => o.id),
    };
  }
  if (reference.kind === 'none' && input.orders.length === 0) return plain(input, intent, replies.noOrders, true);
  return undefined;
}

/** Status of one order, plus its latest tracking event when it has shipped. */
export async function orderStatusAnswer(deps: TurnDeps, input: TurnInput): Promise<TurnOutcome> {
  let reference = await referenceFor(deps, input, 'order_status');
  if (reference.kind === 'ambiguous' && /发货|发了|发出/.test(input.message)) {
    // "什么时候发货" can only mean an order that has not shipped yet.
    const unshipped = reference.candidates.filter((o) => isUnshipped(o.status));
    if (unshipped.length === 1) reference = { kind: 'order', order: unshipped[0]!, via: 'only_candidate' };
  }
  if (reference.kind === 'none' && input.orders.length === 0 && asksAboutRules(input.message)) {
    // Without orders of their own, the shopper can only be asking about the shop's rule.
    return knowledgeAnswer(deps, input, 'policy_faq');
  }
  const early = unresolvedReference(input, 'order_status', reference);
  if (early) return early;
  const order = reference.kind === 'order' ? reference.order : input.orders[0]!;

  const builder = new AnswerBuilder();
  const source = orderSource(order);
  const items = order.lines.map((l) => l.title).join('、');
  builder.add(`您的订单 ${order.id}（${items}）当前状态：${orderStatusLabel(order.status)}。`, source);
  if (order.deliveredAt) builder.add(`已于 ${formatDateTime(order.deliveredAt)} 签收。`, source);
  const shipments = await deps.repositories.shipments.listForOrder(input.ctx.shopId, order.id);
  for (const shipment of shipments) {
    const event = latestEvent(shipment);
    const last = event ? `，最新物流：${formatDateTime(event.time)} ${event.description}` : '';
    builder.add(`${carrierName(shipment.carrier)}运单 ${shipment.trackingNo}${last}。`, shipmentSource(shipment));
  }
  const shippingRule = isUnshipped(order.status) && shipTimeQuestion.test(normalizeText(input.message));
  if (shippingRule) {
    // "那什么时候发货" about an order still in the warehouse: the status alone does not say when it leaves.
    const rule = (await searchKnowledge(deps, input, '付款后什么时候发货', 1))[0];
    if (rule) builder.add(`发货时间：${knowledgeSource(rule).text}`, knowledgeSource(rule));
  } else if (intentKeywords.policy_faq.test(normalizeText(input.message)) || /取消|退款/.test(input.message)) {
    // "瑜伽垫的订单能改地址吗" asks about a rule for this order: the status alone does not answer it.
    const rule = (await searchCoveredKnowledge(deps, input, input.message, 1))[0];
    if (rule) builder.add(knowledgeSource(rule).text, knowledgeSource(rule));
  }
  return { ...plain(input, 'order_status', builder.text(), true), sources: builder.sources, llmEligible: true, order };
}

/** Tracking of the order's shipments; "not shipped yet" when it has none. */
export async function logisticsAnswer(deps: TurnDeps, input: TurnInput): Promise<TurnOutcome> {
  const reference = await referenceFor(deps, input, 'logistics');
  if (reference.kind === 'none' && input.orders.length === 0 && asksAboutRules(input.message)) {
    return knowledgeAnswer(deps, input, 'policy_faq');
  }
  const early = unresolvedReference(input, 'logistics', reference);
  if (early) return early;
  if (reference.kind !== 'order') {
    const latest = input.orders[0]!;
    const builder = new AnswerBuilder().add(
      `您最近没有运输中的订单。最近一笔订单 ${latest.id} 的状态是：${orderStatusLabel(latest.status)}。`,
      orderSource(latest),
    );
    return { ...plain(input, 'logistics', builder.text(), true), sources: builder.sources, llmEligible: true, order: latest };
  }

  const order = reference.order;
  const shipments = await deps.repositories.shipments.listForOrder(input.ctx.shopId, order.id);
  const builder = new AnswerBuilder();
  if (shipments.length === 0) {
    builder.add(`订单 ${order.id} 还没有物流信息，当前状态：${orderStatusLabel(order.status)}。`, orderSource(order));
  }
  for (const shipment of shipments) {
    const source: Source = shipmentSource(shipment);
    const event = latestEvent(shipment);
    const head = `订单 ${order.id} 由${carrierName(shipment.carrier)}配送，运单号 ${shipment.trackingNo}，物流状态：${shipmentStatusLabel(shipment.status)}`;
    const where = event ? `。最新轨迹：${formatDateTime(event.time)}${event.location ? ` 【${event.location}】` : ' '}${event.description}` : '';
    builder.add(`${head}${where}。`, source);
  }
  if (etaQuestion.test(normalizeText(input.message)) && shipments.some((s) => !isDeliveredShipment(s.status))) {
    const typical = (await searchKnowledge(deps, input, '发货后多久能收到货 快递要几天', 1))[0];
    if (typical) builder.add(`一般时效：${knowledgeSource(typical).text}`, knowledgeSource(typical));
  } else if (asksAboutRules(input.message)) {
    // "物流好几天没更新怎么办" needs the shop's rule as well as the tracking.
    const rule = (await searchCoveredKnowledge(deps, input, input.message, 1))[0];
    if (rule) builder.add(knowledgeSource(rule).text, knowledgeSource(rule));
  }
  return { ...plain(input, 'logistics', builder.text(), true), sources: builder.sources, llmEligible: true, order };
}

const howToPattern = /怎么办|怎么(处理|弄|操作|申请)|如何|能不能|可不可以|可以吗|能.{0,12}吗/;

/** True when the message asks what may or should be done (a rule), not only where things stand. */
export function asksAboutRules(message: string): boolean {
  const text = normalizeText(message);
  return howToPattern.test(text) || intentKeywords.policy_faq.test(text);
}

// Questions about the return rules themselves rather than one of the shopper's orders.
const generalReturnPattern =
  /一般|通常|规则|政策|流程|谁(出|付|承担)|多久|几天|哪天|从哪|怎么(申请|操作|算)|运费险|哪些|什么(商品|情况|样的)|是什么|什么意思|要求|条件|地址|寄(到|回|去)?哪/;

/**
 * True when a return question is about one of the shopper's own orders. A
 * signed-in shopper asking "能退吗" means their own item, so a return
 * question counts as personal unless it asks about the rules in general
 * ("我的退款多久到账") without naming an order number or one of their items.
 */
export function isPersonalReturnQuestion(input: TurnInput): boolean {
  if (input.codes.some((c) => c.kind !== 'sku') || input.state.pending) return true;
  return namesOwnItem(input) || !generalReturnPattern.test(normalizeText(input.message));
}

/** True when the message names an item of one of the shopper's orders by its title ("瑜伽垫的订单", "袜子"). */
export function namesOwnItem(input: TurnInput): boolean {
  return ordersNamedBy(input.message, input.orders).length > 0;
}

export function orderById(input: TurnInput, id: string | undefined): Order | undefined {
  return id ? input.orders.find((o) => o.id === id) : undefined;
}
