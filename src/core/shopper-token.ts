import { createHmac, timingSafeEqual } from 'node:crypto';
import { ShopmindError } from './errors.js';

/** The shop and shopper a verified token identifies. */
export interface ShopperIdentity {
  shopId: string;
  userId: string;
  /** Expiry as Unix time in seconds. */
  expiresAt: number;
}

const prefix = 'smt1';
/** Default token lifetime: 24 hours. */
export const defaultTokenTtlSeconds = 86_400;

function sign(secret: string, payload: string): string {
  return createHmac('sha256', secret).update(`${prefix}.${payload}`).digest('base64url');
}

function invalidToken(reasonZh: string, reasonEn: string): ShopmindError {
  return new ShopmindError('UNAUTHORIZED', {
    zh: `顾客令牌无效：${reasonZh}。请重新登录，或用 POST /v1/shopper-tokens 签发新令牌`,
    en: `Invalid shopper token: ${reasonEn}. Sign in again or mint a new one with POST /v1/shopper-tokens`,
  });
}

/**
 * Mints a shopper token: `smt1.<payload>.<signature>`, where the payload is
 * base64url JSON `{shop, sub, exp}` and the signature is HMAC-SHA256 with
 * `secret` (`config.shopperTokenSecret`) over the prefix and payload.
 */
export function mintShopperToken(
  secret: string,
  identity: { shopId: string; userId: string },
  options: { ttlSeconds?: number; now?: Date } = {},
): { token: string; expiresAt: number } {
  const now = Math.floor((options.now ?? new Date()).getTime() / 1000);
  const expiresAt = now + (options.ttlSeconds ?? defaultTokenTtlSeconds);
  const payload = Buffer.from(JSON.stringify({ shop: identity.shopId, sub: identity.userId, exp: expiresAt }), 'utf8').toString(
    'base64url',
  );
  return { token: `${prefix}.${payload}.${sign(secret, payload)}`, expiresAt };
}

/** Verifies a token's signature and expiry; throws UNAUTHORIZED when either fails. */
export function verifyShopperToken(secret: string, token: string, now: Date = new Date()): ShopperIdentity {
  const [head, payload, signature] = token.trim().split('.');
  if (head !== prefix || !payload || !signature) throw invalidToken('格式不对', 'malformed');
  const expected = Buffer.from(sign(secret, payload));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw invalidToken('签名不匹配', 'bad signature');

  let claims: { shop?: unknown; sub?: unknown; exp?: unknown };
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as typeof claims;
  } catch {
    throw invalidToken('内容无法解析', 'unreadable payload');
  }
  if (typeof claims.shop !== 'string' || typeof claims.sub !== 'string' || typeof claims.exp !== 'number') {
    throw invalidToken('缺少 shop、sub 或 exp', 'missing shop, sub or exp');
  }
  if (claims.exp <= Math.floor(now.getTime() / 1000)) throw invalidToken('已过期', 'expired');
  return { shopId: claims.shop, userId: claims.sub, expiresAt: claims.exp };
}
