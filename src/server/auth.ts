import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ShopmindConfig } from '../core/config.js';
import { ShopmindError } from '../core/errors.js';
import { type ShopperIdentity, verifyShopperToken } from '../core/shopper-token.js';

const loopbackAddresses = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);
const shopperTokenPrefix = 'smt1.';

function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  const match = header ? /^Bearer\s+(.+)$/i.exec(header.trim()) : null;
  return match?.[1]?.trim();
}

function sameSecret(given: string, expected: string): boolean {
  // Hashing first gives equal lengths, which timingSafeEqual requires.
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

// Headers a reverse proxy adds. Behind a proxy on the same host every caller
// connects from loopback, so a request carrying them is not trusted as local.
const forwardingHeaders = ['forwarded', 'x-forwarded-for', 'x-real-ip', 'x-forwarded-host', 'via'];

/** True when the request comes straight from this machine, not relayed by a proxy. */
export function isLoopback(request: FastifyRequest): boolean {
  if (forwardingHeaders.some((name) => request.headers[name] !== undefined)) return false;
  return loopbackAddresses.has(request.socket.remoteAddress ?? '');
}

/**
 * True when the caller may use operator routes: it sends
 * `Authorization: Bearer <config.apiKey>`, or, when no API key is
 * configured, it connects from a loopback address. A shopper token never
 * counts as operator access, even from loopback.
 */
export function hasOperatorAccess(config: Pick<ShopmindConfig, 'apiKey'>, request: FastifyRequest): boolean {
  const token = bearerToken(request);
  if (token?.startsWith(shopperTokenPrefix)) return false;
  if (config.apiKey) return token !== undefined && sameSecret(token, config.apiKey);
  return isLoopback(request);
}

/** Throws UNAUTHORIZED or FORBIDDEN unless the caller has operator access. */
export function assertOperator(config: Pick<ShopmindConfig, 'apiKey'>, request: FastifyRequest): void {
  if (hasOperatorAccess(config, request)) return;
  const token = bearerToken(request);
  if (token?.startsWith(shopperTokenPrefix)) {
    throw new ShopmindError('FORBIDDEN', {
      zh: '顾客令牌不能访问运营接口，请改用运营 API 密钥（SHOPMIND_API_KEY）',
      en: 'A shopper token cannot call operator routes; use the operator API key (SHOPMIND_API_KEY)',
    });
  }
  if (config.apiKey) {
    throw new ShopmindError(
      'UNAUTHORIZED',
      token
        ? { zh: '运营 API 密钥不正确，请检查 SHOPMIND_API_KEY', en: 'The operator API key is wrong; check SHOPMIND_API_KEY' }
        : {
            zh: '需要运营 API 密钥：请在请求头加上 Authorization: Bearer <SHOPMIND_API_KEY>',
            en: 'Operator API key required: send Authorization: Bearer <SHOPMIND_API_KEY>',
          },
    );
  }
  throw new ShopmindError('FORBIDDEN', {
    zh: `未设置 SHOPMIND_API_KEY 时只接受直接来自本机、未经代理转发的请求（来源 ${request.ip}）。请设置 SHOPMIND_API_KEY 后用它访问`,
    en: `Without SHOPMIND_API_KEY only direct loopback callers are accepted, not proxied ones (caller ${request.ip}); set SHOPMIND_API_KEY and send it`,
  });
}

/** A Fastify `preHandler` hook that admits only operators (see `hasOperatorAccess`). */
export function requireOperator(config: Pick<ShopmindConfig, 'apiKey'>) {
  return async (request: FastifyRequest, _reply: FastifyReply): Promise<void> => assertOperator(config, request);
}

/** Verifies the request's bearer shopper token; undefined when it carries none, UNAUTHORIZED when it is invalid. */
export function shopperOf(config: Pick<ShopmindConfig, 'shopperTokenSecret'>, request: FastifyRequest): ShopperIdentity | undefined {
  const token = bearerToken(request);
  if (!token?.startsWith(shopperTokenPrefix)) return undefined;
  return verifyShopperToken(config.shopperTokenSecret, token);
}

/** Returns the verified shopper of a request; throws UNAUTHORIZED when there is none. */
export function requireShopper(config: Pick<ShopmindConfig, 'shopperTokenSecret'>, request: FastifyRequest): ShopperIdentity {
  const shopper = shopperOf(config, request);
  if (!shopper) {
    throw new ShopmindError('UNAUTHORIZED', {
      zh: '需要顾客令牌：请在请求头加上 Authorization: Bearer <顾客令牌>（可用 POST /v1/shopper-tokens 或 shopmind token 签发）',
      en: 'Shopper token required: send Authorization: Bearer <shopper token> (mint one with POST /v1/shopper-tokens or shopmind token)',
    });
  }
  return shopper;
}
