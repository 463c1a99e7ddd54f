/**
 * Snake_case JSON shapes of the assistant routes and the functions that map
 * the engine's camelCase values onto them. Each response field is named once,
 * in a zod schema, so `/docs/json` and the replies agree.
 */
import { z } from 'zod';
import type { AssistantAnswer, AssistantStreamEvent, Citation, ConversationView } from '../../../assistant/index.js';
import { readDialogueState } from '../../../assistant/dialogue/dialogue-state.js';
import { intentLabels } from '../../../assistant/dialogue/intents.js';
import { handoffReasonLabels } from '../../../assistant/tools/handoff.js';
import type { SourceKind } from '../../../assistant/answers/sources.js';
import type { AnswerMode, ToolName } from '../../../assistant/turn/turn-types.js';
import type { Conversation, ConversationMessage, HandoffRecord, KbEntry } from '../../../store/assistant-repositories.js';

/** Builds a zod enum from the keys of `members`. Typing `members` as a Record makes the compiler report a value missing from the engine's union. */
function enumOfKeys<T extends string>(members: Record<T, unknown>) {
  return z.enum(Object.keys(members) as [T, ...T[]]);
}

const answerModes: Record<AnswerMode, true> = { rules: true, retrieval: true, llm: true };
const sourceKinds: Record<SourceKind, true> = { faq: true, policy: true, order: true, shipment: true, product: true, return_rule: true };
const toolNames: Record<ToolName, true> = {
  order_status: true,
  logistics_tracking: true,
  return_eligibility: true,
  product_facts: true,
  knowledge: true,
  handoff: true,
  refusal: true,
  clarification: true,
  none: true,
};

export const citationResponse = z.object({
  index: z.number().int().describe('答案文本中 [n] 标记的编号 / the n of the [n] marker in the text'),
  id: z.string(),
  kind: enumOfKeys(sourceKinds),
  title: z.string(),
  version: z.number().int().optional().describe('FAQ 和政策引用的知识库版本 / knowledge-base version of FAQ and policy sources'),
});

export const answerResponse = z.object({
  conversation_id: z.string().describe('下一条消息带上它以继续会话 / send it with the next message to continue'),
  text: z.string(),
  mode: enumOfKeys(answerModes).describe('rules：工具和固定答复；retrieval：FAQ 或政策原文；llm：大模型根据引用资料撰写 / how the text was made'),
  intent: enumOfKeys(intentLabels),
  confidence: z.number(),
  tool: enumOfKeys(toolNames),
  citations: z.array(citationResponse),
  kb_version: z.number().int().describe('回答时的知识库版本 / knowledge-base version the answer was made with'),
  order_id: z.string().optional().describe('会话当前涉及的订单 / the order the conversation is now about'),
  handoff: z
    .object({ id: z.string(), reason: enumOfKeys(handoffReasonLabels), suggested_action: z.string() })
    .optional(),
  clarification: z
    .object({ order_ids: z.array(z.string()).describe('请顾客从中选择的订单 / orders the shopper is asked to choose from') })
    .optional(),
  llm: z
    .object({
      model: z.string(),
      usage: z.object({ prompt_tokens: z.number().int(), completion_tokens: z.number().int(), total_tokens: z.number().int() }),
      latency_ms: z.number(),
      fallback_reason: z.array(z.string()).optional().describe('未采用大模型答案的原因 / why the model answer was not used'),
    })
    .optional(),
});

export type AnswerResponse = z.infer<typeof answerResponse>;

export function toAnswerResponse(answer: AssistantAnswer): AnswerResponse {
  const { handoff, clarification, llm } = answer;
  return {
    conversation_id: answer.conversationId,
    text: answer.text,
    mode: answer.mode,
    intent: answer.intent,
    confidence: answer.confidence,
    tool: answer.tool,
    citations: answer.citations.map(toCitationResponse),
    kb_version: answer.kbVersion,
    ...(answer.orderId !== undefined ? { order_id: answer.orderId } : {}),
    ...(handoff ? { handoff: { id: handoff.id, reason: handoff.reason, suggested_action: handoff.suggestedAction } } : {}),
    ...(clarification ? { clarification: { order_ids: clarification.orderIds } } : {}),
    ...(llm
      ? {
          llm: {
            model: llm.model,
            usage: {
              prompt_tokens: llm.usage.promptTokens,
              completion_tokens: llm.usage.completionTokens,
              total_tokens: llm.usage.totalTokens,
            },
            latency_ms: llm.latencyMs,
            ...(llm.fallbackReason ? { fallback_reason: llm.fallbackReason } : {}),
          },
        }
      : {}),
  };
}

function toCitationResponse(citation: Citation): z.infer<typeof citationResponse> {
  return {
    index: citation.index,
    id: citation.id,
    kind: citation.kind,
    title: citation.title,
    ...(citation.version !== undefined ? { version: citation.version } : {}),
  };
}

/** The `data` of one SSE event. A `delta` event carries a piece of the text and the `done` event the whole reply. */
export type StreamEventResponse = { type: 'delta'; text: string } | { type: 'done'; answer: AnswerResponse };

export function toStreamEventResponse(event: AssistantStreamEvent): StreamEventResponse {
  return event.type === 'delta' ? { type: 'delta', text: event.text } : { type: 'done', answer: toAnswerResponse(event.answer) };
}

const dialogueStateResponse = z.object({
  focus_order_id: z.string().optional(),
  focus_product_id: z.string().optional(),
  last_intent: z.string().optional(),
  pending: z.object({ intent: z.string(), order_ids: z.array(z.string()), message: z.string() }).optional(),
  failures: z.number().int().describe('连续未能回答的轮数 / consecutive unanswered turns'),
  handoff_id: z.string().optional(),
});

// Stored JSON is read leniently, as readDialogueState does: a field of the wrong type is dropped, not a 500.
const storedMessagePayload = z.object({
  tool: z.string().optional().catch(undefined),
  citations: z.array(citationResponse).optional().catch(undefined),
  kbVersion: z.number().optional().catch(undefined),
  handoffId: z.string().optional().catch(undefined),
  orderId: z.string().optional().catch(undefined),
});

const messagePayloadResponse = z.object({
  tool: z.string().optional(),
  citations: z.array(citationResponse).optional(),
  kb_version: z.number().int().optional(),
  handoff_id: z.string().optional(),
  order_id: z.string().optional(),
});

const conversationMessageResponse = z.object({
  seq: z.number().int(),
  role: z.enum(['shopper', 'assistant']),
  text: z.string().describe('已脱敏的消息文本 / message text with personal data masked'),
  intent: z.string().nullable(),
  mode: z.string().nullable(),
  payload: messagePayloadResponse,
  created_at: z.string(),
});

export const conversationResponse = z.object({
  conversation: z.object({
    id: z.string(),
    user_id: z.string(),
    state: dialogueStateResponse,
    created_at: z.string(),
    updated_at: z.string(),
  }),
  messages: z.array(conversationMessageResponse),
});

export function toConversationResponse(view: ConversationView): z.infer<typeof conversationResponse> {
  const { conversation } = view;
  return {
    conversation: {
      id: conversation.id,
      user_id: conversation.userId,
      state: toDialogueStateResponse(conversation),
      created_at: conversation.createdAt,
      updated_at: conversation.updatedAt,
    },
    messages: view.messages.map(toConversationMessageResponse),
  };
}

function toDialogueStateResponse(conversation: Conversation): z.infer<typeof dialogueStateResponse> {
  const state = readDialogueState(conversation.state);
  return {
    ...(state.focusOrderId !== undefined ? { focus_order_id: state.focusOrderId } : {}),
    ...(state.focusProductId !== undefined ? { focus_product_id: state.focusProductId } : {}),
    ...(state.lastIntent !== undefined ? { last_intent: state.lastIntent } : {}),
    ...(state.pending
      ? { pending: { intent: state.pending.intent, order_ids: state.pending.orderIds, message: state.pending.message } }
      : {}),
    failures: state.failures,
    ...(state.handoffId !== undefined ? { handoff_id: state.handoffId } : {}),
  };
}

function toConversationMessageResponse(message: ConversationMessage): z.infer<typeof conversationMessageResponse> {
  const payload = storedMessagePayload.parse(message.payload);
  return {
    seq: message.seq,
    role: message.role,
    text: message.text,
    intent: message.intent,
    mode: message.mode,
    payload: {
      ...(payload.tool !== undefined ? { tool: payload.tool } : {}),
      ...(payload.citations !== undefined ? { citations: payload.citations } : {}),
      ...(payload.kbVersion !== undefined ? { kb_version: payload.kbVersion } : {}),
      ...(payload.handoffId !== undefined ? { handoff_id: payload.handoffId } : {}),
      ...(payload.orderId !== undefined ? { order_id: payload.orderId } : {}),
    },
    created_at: message.createdAt,
  };
}

// The packet as buildHandoff stores it, read leniently like the message payload.
const storedHandoffPacket = z.object({
  id: z.string().optional().catch(undefined),
  reason: z.string().optional().catch(undefined),
  reasonText: z.string().optional().catch(undefined),
  reasons: z.array(z.string()).optional().catch(undefined),
  intent: z.string().nullable().optional().catch(undefined),
  summary: z.string().optional().catch(undefined),
  suggestedAction: z.string().optional().catch(undefined),
  callbackRequested: z.boolean().optional().catch(undefined),
  recentShopperMessages: z.array(z.string()).catch([]),
  findings: z.array(z.string()).catch([]),
  order: z
    .object({
      id: z.string(),
      status: z.string(),
      total: z.number(),
      createdAt: z.string(),
      deliveredAt: z.string().nullable(),
      items: z.array(z.object({ productId: z.string(), title: z.string(), quantity: z.number(), unitPrice: z.number() })),
    })
    .nullable()
    .catch(null),
});

const handoffOrderResponse = z.object({
  id: z.string(),
  status: z.string().describe('订单状态的中文说明 / order status label'),
  total: z.number(),
  created_at: z.string(),
  delivered_at: z.string().nullable(),
  items: z.array(z.object({ product_id: z.string(), title: z.string(), quantity: z.number(), unit_price: z.number() })),
});

export const handoffResponse = z.object({
  id: z.string(),
  conversation_id: z.string(),
  user_id: z.string(),
  reason: z.string(),
  intent: z.string().nullable(),
  order_id: z.string().nullable(),
  summary: z.string().describe('已脱敏的对话摘要 / masked summary of the conversation'),
  suggested_action: z.string(),
  status: z.enum(['open', 'closed']),
  packet: z
    .object({
      id: z.string().optional(),
      reason: z.string().optional(),
      reason_text: z.string().optional().describe('转人工原因的中文说明 / hand-off reason label'),
      reasons: z
        .array(z.string())
        .optional()
        .describe('工单打开期间出现过的转人工原因，最新的在最后 / every hand-off reason while the ticket was open, latest last'),
      intent: z.string().nullable().optional(),
      summary: z.string().optional(),
      suggested_action: z.string().optional(),
      callback_requested: z.boolean().optional().describe('顾客希望客服回电 / the shopper asked to be phoned back'),
      order: handoffOrderResponse.nullable().describe('订单快照，不含收货信息 / order snapshot without the shipping block'),
      recent_shopper_messages: z.array(z.string()),
      findings: z.array(z.string()),
    })
    .describe('交给人工客服的材料 / what the human agent receives'),
  created_at: z.string(),
  updated_at: z.string().describe('最近一次转人工或关闭的时间 / time of the latest hand-off trigger or of closing'),
  request_count: z
    .number()
    .int()
    .describe('工单打开期间本会话触发转人工的次数，含第一次 / hand-off triggers in the conversation while the ticket was open, the first included'),
  closed_at: z.string().nullable().describe('关闭时间，未关闭为 null / when the ticket was closed, null while open'),
});

export function toHandoffResponse(record: HandoffRecord): z.infer<typeof handoffResponse> {
  return {
    id: record.id,
    conversation_id: record.conversationId,
    user_id: record.userId,
    reason: record.reason,
    intent: record.intent,
    order_id: record.orderId,
    summary: record.summary,
    suggested_action: record.suggestedAction,
    status: record.status,
    packet: toHandoffPacketResponse(record.packet),
    created_at: record.createdAt,
    updated_at: record.updatedAt,
    request_count: record.requestCount,
    closed_at: record.closedAt,
  };
}

function toHandoffPacketResponse(stored: Record<string, unknown>): z.infer<typeof handoffResponse>['packet'] {
  const packet = storedHandoffPacket.parse(stored);
  const { order } = packet;
  return {
    ...(packet.id !== undefined ? { id: packet.id } : {}),
    ...(packet.reason !== undefined ? { reason: packet.reason } : {}),
    ...(packet.reasonText !== undefined ? { reason_text: packet.reasonText } : {}),
    ...(packet.reasons !== undefined ? { reasons: packet.reasons } : {}),
    ...(packet.intent !== undefined ? { intent: packet.intent } : {}),
    ...(packet.summary !== undefined ? { summary: packet.summary } : {}),
    ...(packet.suggestedAction !== undefined ? { suggested_action: packet.suggestedAction } : {}),
    ...(packet.callbackRequested !== undefined ? { callback_requested: packet.callbackRequested } : {}),
    order: order
      ? {
          id: order.id,
          status: order.status,
          total: order.total,
          created_at: order.createdAt,
          delivered_at: order.deliveredAt,
          items: order.items.map((item) => ({
            product_id: item.productId,
            title: item.title,
            quantity: item.quantity,
            unit_price: item.unitPrice,
          })),
        }
      : null,
    recent_shopper_messages: packet.recentShopperMessages,
    findings: packet.findings,
  };
}

export const kbEntryResponse = z.object({
  id: z.string(),
  kind: z.enum(['faq', 'policy']),
  title: z.string(),
  body: z.string(),
  category: z.string(),
  alternatives: z.array(z.string()),
  source: z.string().describe('条目来源，如 api 或导入的文件 / where the entry came from, e.g. api or an imported file'),
  version: z.number().int().describe('最后修改此条目的知识库版本 / knowledge-base version of the last change to this entry'),
  created_at: z.string(),
  updated_at: z.string(),
});

export function toKbEntryResponse(entry: KbEntry): z.infer<typeof kbEntryResponse> {
  return {
    id: entry.id,
    kind: entry.kind,
    title: entry.title,
    body: entry.body,
    category: entry.category,
    alternatives: entry.alternatives,
    source: entry.source,
    version: entry.version,
    created_at: entry.createdAt,
    updated_at: entry.updatedAt,
  };
}
