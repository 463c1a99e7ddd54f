import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AssistantStreamEvent } from '../../../assistant/answers/answer-types.js';
import type { AssistantService } from '../../../assistant/assistant-service.js';
import { createContext } from '../../../core/context.js';
import { ShopmindError } from '../../../core/errors.js';
import type { AppOptions } from '../../app.js';
import { assertOperator, requireOperator, requireShopper, shopperOf } from '../../auth.js';
import { registerAssistantKbRoutes } from './assistant-kb.js';
import {
  answerResponse,
  conversationResponse,
  handoffResponse,
  type StreamEventResponse,
  toAnswerResponse,
  toConversationResponse,
  toHandoffResponse,
  toStreamEventResponse,
} from './assistant-responses.js';
import { registerShopperTokenRoutes } from './shopper-tokens.js';

// Strict, so a client still sending the former camelCase `conversationId` gets a 400 instead of a new conversation.
const chatBody = z.strictObject({
  message: z.string().describe('顾客消息，最多 2000 个字符 / shopper message, at most 2,000 characters'),
  conversation_id: z.string().min(1).max(100).optional().describe('继续已有会话 / continue a conversation'),
  stream: z.boolean().optional().describe('用 SSE 流式返回 / stream the answer as server-sent events'),
});

const shopQuery = z.object({ shop: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/).optional() });

/** Returns the assistant service; throws INTERNAL when the server was built without it. */
export function assistantOf(options: AppOptions): AssistantService {
  const service = options.services.assistant;
  if (!service) {
    throw new ShopmindError('INTERNAL', {
      zh: '服务器未启用智能客服：buildApp 的 services.assistant 为空',
      en: 'The assistant is not enabled on this server: services.assistant was not passed to buildApp',
    });
  }
  return service;
}

function wantsStream(request: FastifyRequest, bodyStream: boolean | undefined): boolean {
  return bodyStream === true || (request.headers.accept ?? '').includes('text/event-stream');
}

async function sendStream(
  reply: FastifyReply,
  events: AsyncGenerator<AssistantStreamEvent>,
  first: IteratorResult<AssistantStreamEvent>,
): Promise<void> {
  reply.hijack();
  reply.raw.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  const write = (event: StreamEventResponse) => reply.raw.write(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
  try {
    let next = first;
    while (!next.done) {
      write(toStreamEventResponse(next.value));
      next = await events.next();
    }
  } catch (error) {
    // The status line is already sent, so the error goes out as an SSE event instead of through handleError,
    // and is logged by the same rule: unknown errors and ShopmindErrors with a 5xx status.
    if (!(error instanceof ShopmindError) || error.status >= 500) {
      reply.log.error({ err: error, requestId: reply.request.id }, 'assistant stream failed');
    }
    const body = error instanceof ShopmindError ? error.toJSON() : { code: 'INTERNAL', message: '服务器内部错误 / Internal server error' };
    reply.raw.write(`event: error\ndata: ${JSON.stringify(body)}\n\n`);
  }
  reply.raw.end();
}

/** Registers `/v1/assistant/*` and `/v1/shopper-tokens`. */
// Far above the largest valid message (2,000 characters, at most about 8 KB of UTF-8), so a message a
// little too long still gets its MESSAGE_TOO_LONG answer, while a body of megabytes is refused unparsed.
const chatBodyLimitBytes = 256 * 1024;

export async function registerAssistantRoutes(app: FastifyInstance, options: AppOptions): Promise<void> {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const { config } = options;

  routes.post(
    '/assistant/chat',
    {
      bodyLimit: chatBodyLimitBytes,
      schema: {
        summary: '向智能客服提问 / ask the customer-service assistant',
        description:
          '顾客身份来自 Authorization 中的顾客令牌。Accept: text/event-stream 或 stream: true 时以 SSE 返回 delta 和 done 事件，done 中的答案与 JSON 回复相同 / The shopper comes from the shopper token; with Accept: text/event-stream or stream: true the reply is SSE delta and done events, and done carries the same answer as the JSON reply',
        tags: ['assistant'],
        security: [{ shopperToken: [] }],
        body: chatBody,
        response: { 200: answerResponse },
      },
    },
    async (request, reply) => {
      const shopper = requireShopper(config, request);
      const ctx = createContext(shopper.shopId, { shopperId: shopper.userId, requestId: request.id });
      const { conversation_id: conversationId } = request.body;
      const chat = { message: request.body.message, ...(conversationId ? { conversationId } : {}) };
      if (!wantsStream(request, request.body.stream)) return toAnswerResponse(await assistantOf(options).chat(ctx, chat));
      // The first event is awaited before the stream opens, so a bad request still gets its HTTP status.
      const events = assistantOf(options).chatStream(ctx, chat);
      await sendStream(reply, events, await events.next());
      return reply;
    },
  );

  routes.get(
    '/assistant/conversations/:id',
    {
      schema: {
        summary: '查看会话记录 / read a conversation',
        description: '只有会话所属顾客或运营可以查看 / only the owning shopper or an operator',
        tags: ['assistant'],
        security: [{ shopperToken: [] }, { apiKey: [] }],
        params: z.object({ id: z.string().min(1) }),
        querystring: shopQuery,
        response: { 200: conversationResponse },
      },
    },
    async (request) => {
      const shopper = shopperOf(config, request);
      if (shopper) {
        const ctx = createContext(shopper.shopId, { shopperId: shopper.userId, requestId: request.id });
        return toConversationResponse(await assistantOf(options).conversation(ctx, request.params.id, { operator: false }));
      }
      assertOperator(config, request);
      const ctx = createContext(request.query.shop ?? config.defaultShop, { requestId: request.id });
      return toConversationResponse(await assistantOf(options).conversation(ctx, request.params.id, { operator: true }));
    },
  );

  routes.get(
    '/assistant/handoffs',
    {
      preHandler: requireOperator(config),
      schema: {
        summary: '转人工记录 / hand-offs to human agents',
        tags: ['assistant'],
        security: [{ apiKey: [] }],
        querystring: shopQuery.extend({
          status: z.enum(['open', 'closed']).optional(),
          limit: z.coerce.number().int().min(1).max(500).optional(),
        }),
        response: { 200: z.object({ shop: z.string(), handoffs: z.array(handoffResponse) }) },
      },
    },
    async (request) => {
      const shopId = request.query.shop ?? config.defaultShop;
      const handoffs = await assistantOf(options).listHandoffs(shopId, {
        ...(request.query.status ? { status: request.query.status } : {}),
        ...(request.query.limit ? { limit: request.query.limit } : {}),
      });
      return { shop: shopId, handoffs: handoffs.map(toHandoffResponse) };
    },
  );

  routes.post(
    '/assistant/handoffs/:id/close',
    {
      preHandler: requireOperator(config),
      schema: {
        summary: '关闭转人工工单 / close a hand-off ticket',
        description:
          '人工客服处理完后关闭工单。重复关闭不报错，already_closed 为 true，closed_at 保持第一次关闭的时间。此后该会话再转人工会开新工单 / Closes a ticket once a human agent has dealt with it. Closing again is not an error: already_closed is true and closed_at keeps the first close time. A later hand-off in the conversation opens a new ticket',
        tags: ['assistant'],
        security: [{ apiKey: [] }],
        params: z.object({ id: z.string().min(1).max(100) }),
        querystring: shopQuery,
        response: {
          200: z.object({
            shop: z.string(),
            already_closed: z.boolean().describe('调用前工单已是关闭状态 / the ticket was closed before this call'),
            handoff: handoffResponse,
          }),
        },
      },
    },
    async (request) => {
      const shopId = request.query.shop ?? config.defaultShop;
      const closed = await assistantOf(options).closeHandoff(shopId, request.params.id);
      return { shop: shopId, already_closed: !closed.changed, handoff: toHandoffResponse(closed.record) };
    },
  );

  await registerAssistantKbRoutes(app, options);
  await registerShopperTokenRoutes(app, options);
}
