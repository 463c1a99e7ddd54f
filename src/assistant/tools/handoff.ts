import { randomUUID } from 'node:crypto';
import { maskPii } from '../../core/pii.js';
import type { ConversationMessage, HandoffRecord } from '../../store/assistant-repositories.js';
import type { Order } from '../../store/index.js';
import { type Intent, intentLabels } from '../dialogue/intents.js';
import { orderStatusLabel } from './order-status.js';

export type HandoffReason = 'requested' | 'angry' | 'repeated_failure' | 'low_confidence' | 'needs_review';

export const handoffReasonLabels: Record<HandoffReason, string> = {
  requested: '顾客要求转人工',
  angry: '顾客情绪激动',
  repeated_failure: '助手连续多次未能解决',
  low_confidence: '助手无法理解顾客的问题',
  needs_review: '需要人工核实',
};

export interface HandoffInput {
  conversationId: string;
  userId: string;
  reason: HandoffReason;
  intent: Intent | null;
  order: Order | undefined;
  /** Earlier messages of the conversation, oldest first. */
  history: readonly Pick<ConversationMessage, 'role' | 'text'>[];
  /** The message that led to the hand-off. */
  message: string;
  /** Findings of the assistant so far, e.g. the deciding return rule. */
  findings: string[];
  now: Date;
}

/** Suggests the human agent's first step from the reason, intent and order. */
export function suggestAction(reason: HandoffReason, intent: Intent | null, order: Order | undefined): string {
  const orderPart = order ? `订单 ${order.id} ` : '顾客订单';
  const byIntent: Partial<Record<Intent, string>> = {
    return_exchange: `核实${orderPart}的退换货资格，符合条件则为顾客发起退货或换货`,
    logistics: `联系承运商核实${orderPart}的物流进度，并告知顾客预计送达时间`,
    order_status: `核实${orderPart}的处理进度并告知顾客`,
    product_info: '回答顾客的商品问题，必要时确认库存和参数',
    policy_faq: '按店铺政策解答顾客的问题',
  };
  const action = (intent && byIntent[intent]) ?? '查看对话记录，联系顾客了解诉求';
  return reason === 'angry' ? `先向顾客致歉并安抚情绪，再${action}` : action;
}

function orderSnapshot(order: Order): Record<string, unknown> {
  // The shipping block (name, phone, address) stays out of the packet.
  return {
    id: order.id,
    status: orderStatusLabel(order.status),
    total: order.total,
    createdAt: order.createdAt,
    deliveredAt: order.deliveredAt,
    items: order.lines.map((l) => ({ productId: l.productId, title: l.title, quantity: l.quantity, unitPrice: l.unitPrice })),
  };
}

/**
 * Builds the hand-off record: a summary of the conversation, the order, the
 * intent and a suggested action. Every text in it is PII-masked.
 */
export function buildHandoff(input: HandoffInput): HandoffRecord {
  const shopperLines = [...input.history.filter((m) => m.role === 'shopper').map((m) => m.text), input.message]
    .slice(-3)
    .map((text) => maskPii(text).text);
  const intentText = input.intent ? intentLabels[input.intent] : '未识别';
  const summaryParts = [
    `转人工原因：${handoffReasonLabels[input.reason]}。`,
    `顾客诉求：${intentText}${input.order ? `，涉及订单 ${input.order.id}（${input.order.lines.map((l) => l.title).join('、')}，${orderStatusLabel(input.order.status)}）` : ''}。`,
    ...input.findings.map((f) => `助手已查明：${maskPii(f).text}`),
    `顾客最近的消息：${shopperLines.map((t, i) => `${i + 1}) ${t}`).join(' ')}`,
  ];
  const suggestedAction = suggestAction(input.reason, input.intent, input.order);
  const id = `H${input.now.toISOString().slice(0, 10).replaceAll('-', '')}-${randomUUID().slice(0, 8)}`;
  const summary = summaryParts.join('\n');
  return {
    id,
    conversationId: input.conversationId,
    userId: input.userId,
    reason: input.reason,
    intent: input.intent,
    orderId: input.order?.id ?? null,
    summary,
    suggestedAction,
    status: 'open',
    packet: {
      id,
      reason: input.reason,
      reasonText: handoffReasonLabels[input.reason],
      intent: input.intent,
      summary,
      suggestedAction,
      order: input.order ? orderSnapshot(input.order) : null,
      recentShopperMessages: shopperLines,
      findings: input.findings.map((f) => maskPii(f).text),
    },
    createdAt: input.now.toISOString(),
  };
}
