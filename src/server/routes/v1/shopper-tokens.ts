import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { mintShopperToken } from '../../../core/shopper-token.js';
import type { AppOptions } from '../../app.js';
import { requireOperator } from '../../auth.js';

const tokenBody = z.object({
  userId: z.string().min(1).max(128).describe('顾客 ID / shopper id, e.g. u001'),
  shop: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/).optional().describe('店铺 ID，默认 SHOPMIND_SHOP / shop id'),
  ttlSeconds: z.number().int().min(60).max(30 * 86_400).optional().describe('有效期（秒），默认 86400 / lifetime in seconds'),
});

/** Registers `POST /v1/shopper-tokens`, where an operator mints a shopper token, e.g. for testing the assistant. */
export async function registerShopperTokenRoutes(app: FastifyInstance, options: AppOptions): Promise<void> {
  const { config } = options;
  app.withTypeProvider<ZodTypeProvider>().post(
    '/shopper-tokens',
    {
      preHandler: requireOperator(config),
      schema: {
        summary: '签发顾客令牌（测试用） / mint a shopper token for testing',
        tags: ['assistant'],
        security: [{ apiKey: [] }],
        body: tokenBody,
      },
    },
    async (request, reply) => {
      const shopId = request.body.shop ?? config.defaultShop;
      const minted = mintShopperToken(
        config.shopperTokenSecret,
        { shopId, userId: request.body.userId },
        request.body.ttlSeconds ? { ttlSeconds: request.body.ttlSeconds } : {},
      );
      void reply.status(201);
      return { token: minted.token, shop: shopId, userId: request.body.userId, expiresAt: new Date(minted.expiresAt * 1000).toISOString() };
    },
  );
}
