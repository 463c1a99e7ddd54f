import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { createContext, type Locale, type RequestContext } from '../core/context.js';

export const shopQuery = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, 'shop id: 1-64 letters, digits, - or _')
  .optional()
  .describe('店铺 ID / shop id; default SHOPMIND_SHOP');

function localeOf(request: FastifyRequest): Locale {
  return /^en\b/i.test(request.headers['accept-language'] ?? '') ? 'en' : 'zh-CN';
}

/** The request context of an HTTP call: shop from `?shop=` or the configured default. */
export function requestContext(request: FastifyRequest, defaultShop: string, shop?: string): RequestContext {
  return createContext(shop ?? defaultShop, { requestId: String(request.id), locale: localeOf(request) });
}
