import { randomUUID } from 'node:crypto';
import { type Clock, systemClock } from '../core/clock.js';
import type { RequestContext } from '../core/context.js';
import { ShopmindError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { maskPii } from '../core/pii.js';
import { type ChatClient, FailureCooldown } from '../llm/index.js';
import {
  type AssistantRepositories,
  assistantRepositories,
  type ClosedHandoff,
  type Conversation,
  type ConversationMessage,
  type HandoffRecord,
  type OpenedHandoff,
} from '../store/assistant-repositories.js';
import type { Store } from '../store/index.js';
import { extractCodes } from '../text/index.js';
import type { AssistantAnswer, AssistantStreamEvent } from './answers/answer-types.js';
import { writeLlmAnswer } from './answers/llm-answer-writer.js';
import { toCitation } from './answers/sources.js';
import { type DialogueState, readDialogueState } from './dialogue/dialogue-state.js';
import { classifyIntent } from './dialogue/intent-classifier.js';
import { checkShopperMessage } from './guardrails/message-limits.js';
import { KnowledgeBase } from './knowledge/knowledge-base.js';
import type { RetrieverFactory } from './knowledge/retriever-factory.js';
import { buildHandoff, type HandoffReason, handoffReply, orderSnapshot, withHandoffReply } from './tools/handoff.js';
import { listOwnOrders } from './tools/order-tools.js';
import { ProductCatalog } from './tools/product-tools.js';
import { handoffReason } from './turn/handoff-triggers.js';
import { handleTurn, withPendingIntent } from './turn/turn-handler.js';
import type { TurnDeps, TurnInput, TurnOutcome } from './turn/turn-types.js';

export interface AssistantServiceOptions {
  store: Store;
  logger: Logger;
  clock?: Clock;
  /** When set, answers with sources are written by the model and checked; otherwise rule and retrieval answers are sent. */
  llm?: ChatClient;
  retrieverFactory?: RetrieverFactory;
  /** Lowest retrieval score (0..1) for an FAQ or policy answer. Default 0.35. */
  minKnowledgeScore?: number;
  /** Limit of the whole model call behind one answer, retries included, in milliseconds. Default 20000. */
  llmAnswerBudgetMs?: number;
  /** Pause after a failed model call, in milliseconds, during which answers skip the model. Default 30000. */
  llmPauseMs?: number;
  /** Age of a model call still in flight from which new answers skip the model, in milliseconds. Default 5000. */
  llmSlowCallMs?: number;
}

const noUsage = { promptTokens: 0, completionTokens: 0, totalTokens: 0 };

export interface ChatRequest {
  message: string;
  /** Continues a conversation; a new one is started when absent. */
  conversationId?: string;
}

export interface ConversationView {
  conversation: Conversation;
  messages: ConversationMessage[];
}

// Characters per streamed piece of a checked answer.
const streamPieceChars = 24;

function handoffNotFound(shopId: string, id: string): ShopmindError {
  return new ShopmindError(
    'HANDOFF_NOT_FOUND',
    {
      zh: `店铺 ${shopId} 没有工单 ${id}，请用 GET /v1/assistant/handoffs 或 npx shopmind handoffs list 查看工单号`,
      en: `Shop ${shopId} has no hand-off ticket ${id}; list ticket ids with GET /v1/assistant/handoffs or npx shopmind handoffs list`,
    },
    { shop: shopId, id },
  );
}

function conversationNotFound(id: string): ShopmindError {
  return new ShopmindError(
    'CONVERSATION_NOT_FOUND',
    {
      zh: `会话 ${id} 不存在或不属于当前顾客：请检查会话 ID；要开始新会话，发消息时不带 conversation_id`,
      en: `Conversation ${id} not found for this shopper: check the id; to start a new conversation, send a message without conversation_id`,
    },
    { conversation_id: id },
  );
}

/**
 * The customer-service assistant: one call per shopper message. The shopper
 * comes from `ctx.shopperId` (a verified token), never from the message.
 */
export class AssistantService {
  readonly repositories: AssistantRepositories;
  readonly knowledge: KnowledgeBase;
  private readonly deps: TurnDeps;

  private readonly llmCooldown: FailureCooldown;

  constructor(private readonly options: AssistantServiceOptions) {
    this.llmCooldown = new FailureCooldown(options.llmPauseMs ?? 30_000, Date.now, options.llmSlowCallMs ?? 5_000);
    this.repositories = assistantRepositories(options.store);
    this.knowledge = new KnowledgeBase(this.repositories, options.retrieverFactory);
    this.deps = {
      store: options.store,
      repositories: this.repositories,
      knowledge: this.knowledge,
      catalog: new ProductCatalog(options.store),
      clock: options.clock ?? systemClock,
      minKnowledgeScore: options.minKnowledgeScore ?? 0.35,
    };
  }

  get llmEnabled(): boolean {
    return this.options.llm !== undefined;
  }

  /** Answers one shopper message and stores the turn. */
  async chat(ctx: RequestContext, request: ChatRequest, signal?: AbortSignal): Promise<AssistantAnswer> {
    return this.answer(ctx, request, false, signal);
  }

  /**
   * Streams one answer. The answer is complete and checked before the first
   * piece is sent, so a rejected model answer never reaches the shopper.
   */
  async *chatStream(ctx: RequestContext, request: ChatRequest, signal?: AbortSignal): AsyncGenerator<AssistantStreamEvent> {
    const answer = await this.answer(ctx, request, true, signal);
    const characters = [...answer.text];
    for (let i = 0; i < characters.length; i += streamPieceChars) {
      yield { type: 'delta', text: characters.slice(i, i + streamPieceChars).join('') };
    }
    yield { type: 'done', answer };
  }

  /** Loads a conversation with its messages; shoppers see only their own, operators any of the shop's. */
  async conversation(ctx: RequestContext, id: string, viewer: { operator: boolean }): Promise<ConversationView> {
    const conversation = await this.repositories.conversations.get(ctx.shopId, id);
    if (!conversation || (!viewer.operator && conversation.userId !== ctx.shopperId)) throw conversationNotFound(id);
    return { conversation, messages: await this.repositories.conversations.messages(ctx.shopId, id) };
  }

  listHandoffs(shopId: string, options: { status?: 'open' | 'closed'; limit?: number } = {}): Promise<HandoffRecord[]> {
    return this.repositories.handoffs.list(shopId, options);
  }

  /** Returns why this answer skips the model (a pause after a failure, or a call still waiting), or undefined to call it. */
  private llmSkipReason(): string | undefined {
    const paused = this.llmCooldown.remainingMs();
    if (paused > 0) return `LLM_PAUSED: skipped for ${Math.ceil(paused / 1000)} s more after a failed call`;
    if (this.llmCooldown.slowCallInFlight()) {
      return `LLM_SLOW: skipped while an earlier call has been waiting over ${this.llmCooldown.slowCallMs / 1000} s`;
    }
    return undefined;
  }

  /** Closes a hand-off ticket. Closing a closed one changes nothing. Throws HANDOFF_NOT_FOUND for an unknown id. */
  async closeHandoff(shopId: string, id: string): Promise<ClosedHandoff> {
    const closed = await this.repositories.handoffs.close(shopId, id, this.deps.clock.now().toISOString());
    if (!closed) throw handoffNotFound(shopId, id);
    return closed;
  }

  private async answer(ctx: RequestContext, request: ChatRequest, stream: boolean, signal?: AbortSignal): Promise<AssistantAnswer> {
    const shopperId = ctx.shopperId;
    if (!shopperId) {
      throw new ShopmindError('UNAUTHORIZED', {
        zh: '缺少顾客身份，请在 Authorization 头里带上顾客令牌（POST /v1/shopper-tokens 可签发测试令牌）',
        en: 'No shopper identity; send a shopper token in the Authorization header (POST /v1/shopper-tokens mints one for testing)',
      });
    }
    const message = checkShopperMessage(request.message);
    const now = this.deps.clock.now();
    const conversation = await this.openConversation(ctx, shopperId, request.conversationId, now);
    const state = readDialogueState(conversation.state);

    const input = await this.turnInput(ctx, shopperId, message, state, now);
    const outcome = await handleTurn(this.deps, input);
    const failures = outcome.resolved ? 0 : state.failures + 1;
    const reason = handoffReason(outcome, message, failures);

    let text = outcome.text;
    let handoff: HandoffRecord | undefined;
    let llm: AssistantAnswer['llm'];
    let citations = outcome.sources.map((s, i) => toCitation(s, i + 1));
    let mode: AssistantAnswer['mode'] = outcome.mode;

    const skipped = this.llmSkipReason();
    if (!reason && outcome.llmEligible && this.options.llm && outcome.sources.length > 0 && skipped) {
      llm = { model: this.options.llm.model, usage: noUsage, latencyMs: 0, fallbackReason: [skipped] };
    } else if (!reason && outcome.llmEligible && this.options.llm && outcome.sources.length > 0) {
      const written = await this.llmCooldown.track(
        writeLlmAnswer(this.options.llm, message, outcome.sources, outcome.text, {
          stream,
          ...(signal ? { signal } : {}),
          ...(this.options.llmAnswerBudgetMs ? { budgetMs: this.options.llmAnswerBudgetMs } : {}),
        }),
      );
      if (written.status === 'failed') this.llmCooldown.recordFailure();
      else this.llmCooldown.recordSuccess();
      if (written.status === 'accepted') {
        text = written.text;
        mode = 'llm';
        citations = written.cited.map((n) => toCitation(outcome.sources[n - 1]!, n));
        llm = { model: written.call.model, usage: written.call.usage, latencyMs: written.call.latencyMs };
      } else {
        llm =
          written.status === 'rejected'
            ? { model: written.call.model, usage: written.call.usage, latencyMs: written.call.latencyMs, fallbackReason: written.problems }
            : { model: this.options.llm.model, usage: noUsage, latencyMs: written.latencyMs, fallbackReason: [`${written.errorCode}: ${written.message}`] };
        this.options.logger.warn({ assistant: { conversationId: conversation.id, fallback: llm.fallbackReason } }, 'llm answer not used');
      }
    }

    if (reason) {
      const opened = await this.openHandoff(ctx, { conversationId: conversation.id, shopperId, reason, outcome, state, message, now });
      handoff = opened.record;
      const reply = handoffReply(reason, { id: handoff.id, created: opened.created, callbackRequested: handoff.packet.callbackRequested === true });
      text = withHandoffReply(text, reply, { reason, resolved: outcome.resolved, asksWhichOrder: outcome.clarifyOrderIds !== undefined });
    } else if (state.handoffId && outcome.order) {
      // An order named after the hand-off, e.g. picked from the list an angry shopper was shown, goes onto the open ticket.
      await this.repositories.handoffs.attachOrder(ctx.shopId, state.handoffId, outcome.order.id, orderSnapshot(outcome.order), now.toISOString());
    }

    const kbVersion = await this.knowledge.version(ctx.shopId);
    const answer: AssistantAnswer = {
      conversationId: conversation.id,
      text,
      mode,
      intent: outcome.intent,
      confidence: Number(outcome.confidence.toFixed(3)),
      tool: reason ? 'handoff' : outcome.tool,
      citations,
      kbVersion,
      ...(outcome.order ? { orderId: outcome.order.id } : {}),
      ...(handoff ? { handoff: { id: handoff.id, reason: reason!, suggestedAction: handoff.suggestedAction } } : {}),
      ...(outcome.clarifyOrderIds ? { clarification: { orderIds: outcome.clarifyOrderIds } } : {}),
      ...(llm ? { llm } : {}),
    };
    await this.saveTurn(ctx, conversation.id, message, answer, nextState(state, outcome, failures, handoff, message), now);
    this.options.logger.info(
      {
        assistant: {
          requestId: ctx.requestId,
          conversationId: conversation.id,
          intent: answer.intent,
          mode: answer.mode,
          tool: answer.tool,
          handoff: answer.handoff?.id,
          message: maskPii(message.slice(0, 200)).text,
        },
      },
      'assistant turn',
    );
    return answer;
  }

  /** Opens a ticket for the turn, or updates the conversation's open one. */
  private async openHandoff(
    ctx: RequestContext,
    turn: { conversationId: string; shopperId: string; reason: HandoffReason; outcome: TurnOutcome; state: DialogueState; message: string; now: Date },
  ): Promise<OpenedHandoff> {
    const [history, existing] = await Promise.all([
      this.repositories.conversations.messages(ctx.shopId, turn.conversationId, 10),
      this.repositories.handoffs.openFor(ctx.shopId, turn.conversationId),
    ]);
    const ticket = buildHandoff({
      conversationId: turn.conversationId,
      userId: turn.shopperId,
      reason: turn.reason,
      turnIntent: turn.outcome.intent,
      previousIntent: turn.state.lastIntent,
      order: turn.outcome.order,
      history,
      message: turn.message,
      findings: turn.outcome.handoff?.findings ?? [],
      now: turn.now,
      existing,
    });
    return this.repositories.handoffs.openOrUpdate(ctx.shopId, ticket);
  }

  private async turnInput(ctx: RequestContext, shopperId: string, message: string, state: DialogueState, now: Date): Promise<TurnInput> {
    const codes = extractCodes(message);
    const decision = classifyIntent(message, { codes, ...(state.lastIntent ? { lastIntent: state.lastIntent } : {}) });
    const orders = await listOwnOrders(this.options.store, ctx, shopperId);
    return withPendingIntent(this.deps, { ctx, shopperId, message, codes, decision, state, orders, now });
  }

  private async openConversation(ctx: RequestContext, shopperId: string, id: string | undefined, now: Date): Promise<Conversation> {
    if (id) {
      const existing = await this.repositories.conversations.get(ctx.shopId, id);
      if (!existing || existing.userId !== shopperId) throw conversationNotFound(id);
      return existing;
    }
    return this.repositories.conversations.create(ctx.shopId, `c_${randomUUID()}`, shopperId, now.toISOString());
  }

  private async saveTurn(
    ctx: RequestContext,
    conversationId: string,
    message: string,
    answer: AssistantAnswer,
    state: DialogueState,
    now: Date,
  ): Promise<void> {
    const at = now.toISOString();
    await this.repositories.conversations.appendTurn(
      ctx.shopId,
      conversationId,
      [
        { role: 'shopper', text: maskPii(message).text, intent: answer.intent, mode: null, payload: {}, createdAt: at },
        {
          role: 'assistant',
          text: maskPii(answer.text).text,
          intent: answer.intent,
          mode: answer.mode,
          payload: {
            tool: answer.tool,
            citations: answer.citations,
            kbVersion: answer.kbVersion,
            ...(answer.handoff ? { handoffId: answer.handoff.id } : {}),
            ...(answer.orderId ? { orderId: answer.orderId } : {}),
          },
          createdAt: at,
        },
      ],
      { ...state },
      at,
    );
  }
}

function nextState(
  state: DialogueState,
  outcome: TurnOutcome,
  failures: number,
  handoff: HandoffRecord | undefined,
  message: string,
): DialogueState {
  const order = outcome.order;
  const singleLine = order?.lines.length === 1 ? order.lines[0]?.productId : undefined;
  const next: DialogueState = {
    ...state,
    lastIntent: outcome.intent,
    failures: handoff ? 0 : failures,
  };
  if (order) next.focusOrderId = order.id;
  const productId = outcome.productId ?? singleLine;
  if (productId) next.focusProductId = productId;
  if (outcome.clarifyOrderIds) {
    next.pending = { intent: outcome.intent, orderIds: outcome.clarifyOrderIds, message: state.pending?.message ?? message };
  } else {
    delete next.pending;
  }
  if (handoff) next.handoffId = handoff.id;
  return next;
}
