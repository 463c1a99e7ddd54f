import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ShopmindError } from '../../../core/errors.js';
import { scenes } from '../../../recommend/service.js';
import { eventTypes } from '../../../store/types.js';
import type { AppOptions } from '../../app.js';
import { requireOperator } from '../../auth.js';
import { requestContext, shopQuery } from '../../request-context.js';

const idSchema = z.string().min(1).max(128);

const eventSchema = z.object({
  id: idSchema.optional().describe('事件 ID，重复提交同一 ID 不会重复计数 / event id; resending the same id is idempotent'),
  user_id: idSchema,
  product_id: idSchema.nullish().describe('商品 ID；search 事件可为空 / product id; empty only for search'),
  type: z.enum(eventTypes as [string, ...string[]]),
  ts: z.iso.datetime({ offset: true }).optional().describe('ISO-8601 时间，默认当前时间 / ISO-8601 time, default now'),
  session_id: z.string().max(128).nullish(),
  query: z.string().max(500).nullish(),
});

const eventsBody = z.union([eventSchema, z.object({ events: z.array(eventSchema).min(1).max(1000) })]);

const reasonSchema = z.object({
  code: z.string(),
  zh: z.string(),
  en: z.string(),
  anchor_product_id: z.string().optional(),
});

const itemSchema = z.object({
  product_id: z.string(),
  title: z.string(),
  price: z.number(),
  category_path: z.string(),
  score: z.number(),
  reason: reasonSchema,
});

const limitSchema = z.coerce.number().int().min(1).max(100).default(10);

/** Behaviour events, recommendations, similar items and training. */
export async function registerRecommendRoutes(app: FastifyInstance, options: AppOptions): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const recommend = options.services.recommend;
  const operatorOnly = requireOperator(options.config);

  api.post(
    '/events',
    {
      preHandler: operatorOnly,
      schema: {
        tags: ['recommend'],
        summary: '上报行为事件 / record behaviour events',
        querystring: z.object({ shop: shopQuery }),
        body: eventsBody,
        response: { 202: z.object({ accepted: z.number().int() }) },
      },
    },
    async (request, reply) => {
      const ctx = requestContext(request, options.config.defaultShop, request.query.shop);
      const list = 'events' in request.body ? request.body.events : [request.body];
      const now = new Date().toISOString();
      const events = list.map((e) => ({
        id: e.id ?? randomUUID(),
        userId: e.user_id,
        productId: e.product_id ?? null,
        type: e.type as (typeof eventTypes)[number],
        ts: e.ts ? new Date(e.ts).toISOString() : now,
        sessionId: e.session_id ?? null,
        query: e.query ?? null,
      }));
      await recommend.recordEvents(ctx, events);
      return reply.status(202).send({ accepted: events.length });
    },
  );

  api.get(
    '/users/:userId/recommendations',
    {
      preHandler: operatorOnly,
      schema: {
        tags: ['recommend'],
        summary: '猜你喜欢：个性化推荐，每件商品附推荐理由 / personalised recommendations with a reason each',
        params: z.object({ userId: idSchema }),
        querystring: z.object({
          shop: shopQuery,
          limit: limitSchema,
          scene: z.enum(scenes as [string, ...string[]]).default('home'),
          item: idSchema.optional().describe('当前商品（详情页场景）/ the product on screen (product_detail scene)'),
        }),
        response: {
          200: z.object({
            user_id: z.string(),
            scene: z.string(),
            mode: z.enum(['personalized', 'cold-start']),
            model_version: z.string(),
            items: z.array(itemSchema),
          }),
        },
      },
    },
    async (request) => {
      const ctx = requestContext(request, options.config.defaultShop, request.query.shop);
      return recommend.recommend(ctx, request.params.userId, {
        limit: request.query.limit,
        scene: request.query.scene as (typeof scenes)[number],
        ...(request.query.item ? { itemId: request.query.item } : {}),
      });
    },
  );

  api.get(
    '/items/:itemId/similar',
    {
      preHandler: operatorOnly,
      schema: {
        tags: ['recommend'],
        summary: '相似商品 / similar items',
        params: z.object({ itemId: idSchema }),
        querystring: z.object({ shop: shopQuery, limit: limitSchema }),
        response: { 200: z.object({ product_id: z.string(), model_version: z.string(), items: z.array(itemSchema) }) },
      },
    },
    async (request) => {
      const ctx = requestContext(request, options.config.defaultShop, request.query.shop);
      return recommend.similar(ctx, request.params.itemId, request.query.limit);
    },
  );

  const jobSchema = z.object({
    id: z.string(),
    shop_id: z.string(),
    status: z.enum(['running', 'succeeded', 'failed']),
    started_at: z.string(),
    finished_at: z.string().optional(),
    result: z
      .object({ model_version: z.string(), events: z.number(), items: z.number(), users: z.number(), seconds: z.number(), tuned: z.boolean() })
      .optional(),
    error: z.object({ code: z.string(), message: z.string() }).optional(),
  });

  api.post(
    '/recommend/train',
    {
      preHandler: operatorOnly,
      schema: {
        tags: ['recommend'],
        summary: '开始训练推荐模型（后台任务）/ start training the recommendation model (background job)',
        querystring: z.object({ shop: shopQuery }),
        response: { 202: jobSchema },
      },
    },
    async (request, reply) => {
      const ctx = requestContext(request, options.config.defaultShop, request.query.shop);
      return reply.status(202).send(recommend.startTraining(ctx));
    },
  );

  api.get(
    '/recommend/train/:jobId',
    {
      preHandler: operatorOnly,
      schema: {
        tags: ['recommend'],
        summary: '查询训练任务 / training job status',
        params: z.object({ jobId: z.string() }),
        response: { 200: jobSchema },
      },
    },
    async (request) => {
      const job = recommend.job(request.params.jobId);
      if (!job) {
        throw new ShopmindError(
          'JOB_NOT_FOUND',
          {
            zh: `训练任务不存在：${request.params.jobId}；任务只保存在启动它的服务进程中，重启后需重新发起`,
            en: `Training job not found: ${request.params.jobId}; jobs live in the server process that started them, so start a new one after a restart`,
          },
          { job_id: request.params.jobId },
        );
      }
      return job;
    },
  );
}
