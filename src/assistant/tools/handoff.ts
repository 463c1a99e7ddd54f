import { randomUUID } from 'node:crypto';
import { maskPii } from '../../core/pii.js';
import type { ConversationMessage, HandoffRecord } from '../../store/assistant-repositories.js';
import type { Order } from '../../store/index.js';
import { normalizeText } from '../../text/index.js';
import { handoffNotice } from '../answers/replies.js';
import { callbackPattern, type Intent, intentLabels } from '../dialogue/intents.js';
import { displayTimeZone } from './display-format.js';
import { orderStatusLabel } from './order-status.js';
import { localDate } from './return-eligibility.js';

export type HandoffReason = 'requested' | 'angry' | 'repeated_failure' | 'low_confidence' | 'needs_review';

export const handoffReasonLabels: Record<HandoffReason, string> = {
  requested: '顾客要求转人工',
  angry: '顾客情绪激动',
  repeated_failure: '助手连续多次未能解决',
  low_confidence: '助手无法理解顾客的问题',
  needs_review: '需要人工核实',
};

// Intents that name what the shopper needs help with. Greetings, injection
// attempts, bare hand-off requests and unknown messages name no topic, so a
// ticket never takes its intent from them.
const topicIntents: ReadonlySet<Intent> = new Set(['order_status', 'logistics', 'return_exchange', 'product_info', 'policy_faq']);

export interface HandoffInput {
  conversationId: string;
  userId: string;
  reason: HandoffReason;
  /** Intent of the turn that triggered the hand-off. */
  turnIntent: Intent;
  /** Intent of the turn before it, which a bare "转人工" refers to. */
  previousIntent?: Intent | undefined;
  order: Order | undefined;
  /** Earlier messages of the conversation, oldest first. */
  history: readonly Pick<ConversationMessage, 'role' | 'text'>[];
  /** The message that led to the hand-off, unmasked. */
  message: string;
  /** Findings of the assistant so far, e.g. the deciding return rule. */
  findings: string[];
  now: Date;
  /** The conversation's open ticket, which this trigger updates instead of opening another. */
  existing?: HandoffRecord | undefined;
}

/** True when the message asks the shop to phone the shopper. */
export function asksForCallback(message: string): boolean {
  return callbackPattern.test(normalizeText(message));
}

/**
 * Picks the intent a ticket is filed under: the triggering turn's topic, else
 * the previous turn's, else the open ticket's. A bare hand-off request with no
 * topic anywhere is filed as `handoff`, and any other turn without one as null.
 */
export function ticketIntent(turnIntent: Intent, previousIntent: Intent | undefined, existingIntent: string | null | undefined): Intent | null {
  if (topicIntents.has(turnIntent)) return turnIntent;
  if (previousIntent && topicIntents.has(previousIntent)) return previousIntent;
  if (existingIntent && topicIntents.has(existingIntent as Intent)) return existingIntent as Intent;
  return turnIntent === 'handoff' ? 'handoff' : null;
}

/** Call-back request of the shopper, and whether the triggering message contained a phone number. */
export interface CallbackRequest {
  requested: boolean;
  numberInMessage: boolean;
}

/**
 * Suggests the human agent's first step from the intent, the order and
 * whether the shopper asked for a call. `apologise` puts an apology first,
 * for a ticket on which the shopper was angry at some point.
 */
export function suggestAction(
  intent: Intent | null,
  orderId: string | null,
  options: { apologise: boolean; callback: CallbackRequest },
): string {
  const { callback } = options;
  const orderPart = orderId ? `订单 ${orderId} ` : '顾客订单';
  const byIntent: Partial<Record<Intent, string>> = {
    return_exchange: `核实${orderPart}的退换货资格，符合条件则为顾客发起退货或换货`,
    logistics: `联系承运商核实${orderPart}的物流进度，并告知顾客预计送达时间`,
    order_status: `核实${orderPart}的处理进度并告知顾客`,
    product_info: '回答顾客的商品问题，必要时确认库存和参数',
    policy_faq: '按店铺政策解答顾客的问题',
  };
  const topicAction = intent ? byIntent[intent] : undefined;

  let action: string;
  if (callback.requested) {
    // The number itself never goes into the ticket; the agent calls the one on the order or account.
    const phone = callback.numberInMessage ? '（顾客在消息里留了号码，已脱敏，可按尾号核对）' : '';
    action = topicAction
      ? `用订单或账号登记的电话给顾客回电${phone}，${topicAction}`
      : `查看对话记录后，用订单或账号登记的电话给顾客回电${phone}，了解并处理诉求`;
  } else {
    action = topicAction ?? '查看对话记录，联系顾客了解诉求';
  }
  return options.apologise ? `先向顾客致歉并安抚情绪，再${action}` : action;
}

/** Order snapshot for the packet, without the shipping block (name, phone, address). */
export function orderSnapshot(order: Order): Record<string, unknown> {
  return {
    id: order.id,
    status: orderStatusLabel(order.status),
    total: order.total,
    createdAt: order.createdAt,
    deliveredAt: order.deliveredAt,
    items: order.lines.map((l) => ({ productId: l.productId, title: l.title, quantity: l.quantity, unitPrice: l.unitPrice })),
  };
}

function requestLabel(intent: Intent | null, callback: boolean): string {
  const topic = intent && topicIntents.has(intent) ? intentLabels[intent] : undefined;
  if (callback) return topic ? `希望客服回电（${topic}）` : '希望客服回电';
  if (topic) return topic;
  return intent === 'handoff' ? '直接要求人工客服，未说明具体问题' : '未识别';
}

// Reasons of the open ticket's earlier triggers, oldest first, then this one's, each once.
function ticketReasons(reason: HandoffReason, existing: HandoffRecord | undefined): HandoffReason[] {
  const stored = existing?.packet.reasons;
  const earlier = Array.isArray(stored) ? stored.filter((r): r is HandoffReason => typeof r === 'string' && r in handoffReasonLabels) : [];
  if (existing && earlier.length === 0 && existing.reason in handoffReasonLabels) earlier.push(existing.reason as HandoffReason);
  return [...new Set([...earlier.filter((r) => r !== reason), reason])];
}

function reasonLine(reasons: readonly HandoffReason[]): string {
  const latest = reasons.at(-1)!;
  const earlier = reasons.slice(0, -1).map((r) => handoffReasonLabels[r]);
  return `转人工原因：${handoffReasonLabels[latest]}${earlier.length > 0 ? `（此前：${earlier.join('、')}）` : ''}。`;
}

// Findings of the open ticket, kept when the new trigger found nothing itself.
function earlierFindings(existing: HandoffRecord | undefined): string[] {
  const stored = existing?.packet.findings;
  return Array.isArray(stored) ? stored.filter((f): f is string => typeof f === 'string') : [];
}

/** Ticket id: `H`, the shop's local date (Beijing time) and a random part, e.g. `H20261205-1a2b3c4d`. */
export function newTicketId(now: Date): string {
  return `H${localDate(now, displayTimeZone).replaceAll('-', '')}-${randomUUID().slice(0, 8)}`;
}

/**
 * Builds the hand-off ticket: a summary of the conversation, the order, the
 * intent and a suggested action, all describing the request that triggered
 * it. With `existing`, the result carries that ticket's id and creation time
 * and keeps its order, intent and call-back request when this turn names
 * none. Every text in it is PII-masked.
 */
export function buildHandoff(input: HandoffInput): HandoffRecord {
  const { existing } = input;
  const shopperLines = [...input.history.filter((m) => m.role === 'shopper').map((m) => m.text), input.message]
    .slice(-3)
    .map((text) => maskPii(text).text);
  const reasons = ticketReasons(input.reason, existing);
  const intent = ticketIntent(input.turnIntent, input.previousIntent, existing?.intent);
  const callbackRequested = asksForCallback(input.message) || existing?.packet.callbackRequested === true;
  const numberInMessage = maskPii(input.message).found.includes('phone');
  const orderId = input.order?.id ?? existing?.orderId ?? null;
  const order = input.order ? orderSnapshot(input.order) : (existing?.packet.order ?? null);
  const findings = input.findings.map((f) => maskPii(f).text);

  const orderText = input.order
    ? `，涉及订单 ${input.order.id}（${input.order.lines.map((l) => l.title).join('、')}，${orderStatusLabel(input.order.status)}）`
    : orderId
      ? `，涉及订单 ${orderId}`
      : '';
  const summary = [
    reasonLine(reasons),
    `顾客诉求：${requestLabel(intent, callbackRequested)}${orderText}。`,
    ...findings.map((f) => `助手已查明：${f}`),
    `顾客最近的消息：${shopperLines.map((t, i) => `${i + 1}) ${t}`).join(' ')}`,
  ].join('\n');
  const suggestedAction = suggestAction(intent, orderId, {
    apologise: reasons.includes('angry'),
    callback: { requested: callbackRequested, numberInMessage },
  });

  const id = existing?.id ?? newTicketId(input.now);
  const now = input.now.toISOString();
  const requestCount = (existing?.requestCount ?? 0) + 1;
  return {
    id,
    conversationId: input.conversationId,
    userId: input.userId,
    reason: input.reason,
    intent,
    orderId,
    summary,
    suggestedAction,
    status: 'open',
    packet: {
      id,
      reason: input.reason,
      reasonText: handoffReasonLabels[input.reason],
      reasons,
      intent,
      summary,
      suggestedAction,
      callbackRequested,
      order,
      recentShopperMessages: shopperLines,
      findings: findings.length > 0 ? findings : earlierFindings(existing),
    },
    createdAt: existing?.createdAt ?? now,
    updatedAt: now,
    requestCount,
    closedAt: null,
  };
}

/**
 * Writes the reply to a hand-off trigger. A new ticket gets the hand-off
 * notice. A trigger folded into the conversation's open ticket gets a reply
 * that the request is already with a human agent. A call-back request adds
 * a line confirming that the ticket notes it.
 */
export function handoffReply(reason: HandoffReason, ticket: { id: string; created: boolean; callbackRequested: boolean }): string {
  const notice = ticket.created
    ? handoffNotice(reason, ticket.id)
    : `${reason === 'angry' ? '非常抱歉让您久等了，' : ''}您的问题已经在人工客服那里（工单号 ${ticket.id}），我已把您刚才说的补充到工单里，您无需重复描述，客服会尽快处理，请稍候。`;
  return ticket.callbackRequested ? `${notice}\n工单里已注明您希望客服回电，请留意来电。` : notice;
}

/**
 * Joins the turn's answer and the hand-off reply. An answer that could not
 * help is dropped. An angry shopper reads the apology and the hand-off first,
 * and an order question after it is introduced as a step while they wait.
 */
export function withHandoffReply(
  answer: string,
  reply: string,
  turn: { reason: HandoffReason; resolved: boolean; asksWhichOrder: boolean },
): string {
  if (!answer || !turn.resolved) return reply;
  if (turn.reason !== 'angry') return `${answer}\n${reply}`;
  const bridge = turn.asksWhichOrder ? '在等待期间，我先帮您确认一下订单，方便客服直接处理：\n' : '';
  return `${reply}\n${bridge}${answer}`;
}
