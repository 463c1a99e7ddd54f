import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { mintShopperToken } from '../../../core/shopper-token.js';
import type { AppOptions } from '../../app.js';
import { requireOperator } from '../../auth.js';

// Strict, so a client still sending the former camelCase `ttlSeconds` gets a 400 instead of the default lifetime.
const tokenBody = z.strictObject({
  user_id: z.string().min(1).max(128).describe('顾客 ID / shopper id, e.g. u001'),
  shop: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/).optional().describe('店铺 ID，默认 SHOPMIND_SHOP / shop id'),
  ttl_seconds: z.number().int().min(60).max(30 * 86_400).optional().describe('有效期（秒），默认 86400 / lifetime in seconds'),
});

const tokenResponse = z.object({
  token: z.string().describe('放在 Authorization: Bearer 里 / send it as Authorization: Bearer <token>'),
  shop: z.string(),
  user_id: z.string(),
  expires_at: z.string().describe('过期时间，ISO-8601 / expiry time, ISO-8601'),
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
        response: { 201: tokenResponse },
      },
    },
    async (request, reply) => {
      const { user_id: userId, ttl_seconds: ttlSeconds } = request.body;
      const shopId = request.body.shop ?? config.defaultShop;
      const minted = mintShopperToken(config.shopperTokenSecret, { shopId, userId }, ttlSeconds ? { ttlSeconds } : {});
      void reply.status(201);
      return { token: minted.token, shop: shopId, user_id: userId, expires_at: new Date(minted.expiresAt * 1000).toISOString() };
    },
  );
}
