import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { faqIdFor } from '../../../assistant/knowledge/faq-file.js';
import type { AppOptions } from '../../app.js';
import { requireOperator } from '../../auth.js';
import { assistantOf } from './assistant.js';
import { kbEntryResponse, toKbEntryResponse } from './assistant-responses.js';

const shopQuery = z.object({ shop: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/).optional() });
const entryId = z.string().regex(/^(faq|policy):[^\s/]{1,120}$/, 'id 须为 faq:<名称> 或 policy:<名称> / id must be faq:<name> or policy:<name>');

const createBody = z.object({
  id: entryId.optional().describe('省略时 FAQ 按问题生成 id / generated from the question for FAQ entries when omitted'),
  kind: z.enum(['faq', 'policy']),
  title: z.string().min(1).max(500).describe('FAQ 问题或政策标题 / FAQ question or policy title'),
  body: z.string().min(1).max(100_000).describe('FAQ 答案或政策 Markdown / FAQ answer or policy Markdown'),
  category: z.string().max(100).optional(),
  alternatives: z.array(z.string().min(1).max(500)).max(50).optional().describe('FAQ 的其他问法 / other phrasings'),
});

const updateBody = createBody.omit({ id: true, kind: true }).partial();

const versionDescription = '修改后的知识库版本 / knowledge-base version after the change';
const changeResponse = z.object({ version: z.number().int().describe(versionDescription), entry: kbEntryResponse });

/** Registers knowledge-base editing under `/v1/assistant/kb`; every change raises the shop's version. */
export async function registerAssistantKbRoutes(app: FastifyInstance, options: AppOptions): Promise<void> {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const { config } = options;
  const operator = requireOperator(config);
  const shopOf = (query: { shop?: string | undefined }) => query.shop ?? config.defaultShop;

  routes.get(
    '/assistant/kb',
    {
      preHandler: operator,
      schema: {
        summary: '知识库条目列表 / list knowledge-base entries',
        tags: ['assistant'],
        security: [{ apiKey: [] }],
        querystring: shopQuery.extend({ kind: z.enum(['faq', 'policy']).optional() }),
        response: {
          200: z.object({
            shop: z.string(),
            version: z.number().int().describe('当前知识库版本 / current knowledge-base version'),
            entries: z.array(kbEntryResponse),
          }),
        },
      },
    },
    async (request) => {
      const shopId = shopOf(request.query);
      const knowledge = assistantOf(options).knowledge;
      const [version, entries] = await Promise.all([knowledge.version(shopId), knowledge.list(shopId, request.query.kind)]);
      return { shop: shopId, version, entries: entries.map(toKbEntryResponse) };
    },
  );

  routes.get(
    '/assistant/kb/:id',
    {
      preHandler: operator,
      schema: {
        summary: '一个知识库条目 / one entry',
        tags: ['assistant'],
        security: [{ apiKey: [] }],
        params: z.object({ id: entryId }),
        querystring: shopQuery,
        response: { 200: kbEntryResponse },
      },
    },
    async (request) => toKbEntryResponse(await assistantOf(options).knowledge.get(shopOf(request.query), request.params.id)),
  );

  routes.post(
    '/assistant/kb',
    {
      preHandler: operator,
      schema: {
        summary: '新建知识库条目 / create an entry',
        tags: ['assistant'],
        security: [{ apiKey: [] }],
        body: createBody,
        querystring: shopQuery,
        response: { 201: changeResponse },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const id = body.id ?? (body.kind === 'faq' ? faqIdFor(body.title) : `policy:${Date.now().toString(36)}`);
      const entry = await assistantOf(options).knowledge.create(shopOf(request.query), {
        id,
        kind: body.kind,
        title: body.title,
        body: body.body,
        ...(body.category !== undefined ? { category: body.category } : {}),
        ...(body.alternatives ? { alternatives: body.alternatives } : {}),
        source: 'api',
      });
      void reply.status(201);
      return { version: entry.version, entry: toKbEntryResponse(entry) };
    },
  );

  routes.put(
    '/assistant/kb/:id',
    {
      preHandler: operator,
      schema: {
        summary: '修改知识库条目 / update an entry',
        tags: ['assistant'],
        security: [{ apiKey: [] }],
        params: z.object({ id: entryId }),
        body: updateBody,
        querystring: shopQuery,
        response: { 200: changeResponse },
      },
    },
    async (request) => {
      const patch = Object.fromEntries(Object.entries(request.body).filter(([, value]) => value !== undefined));
      const entry = await assistantOf(options).knowledge.update(shopOf(request.query), request.params.id, patch);
      return { version: entry.version, entry: toKbEntryResponse(entry) };
    },
  );

  routes.delete(
    '/assistant/kb/:id',
    {
      preHandler: operator,
      schema: {
        summary: '删除知识库条目 / delete an entry',
        tags: ['assistant'],
        security: [{ apiKey: [] }],
        params: z.object({ id: entryId }),
        querystring: shopQuery,
        response: { 200: z.object({ deleted: z.string().describe('被删除条目的 id / id of the deleted entry'), version: z.number().int().describe(versionDescription) }) },
      },
    },
    async (request) => {
      const { version } = await assistantOf(options).knowledge.delete(shopOf(request.query), request.params.id);
      return { deleted: request.params.id, version };
    },
  );
}
