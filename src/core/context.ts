import { randomUUID } from 'node:crypto';

export type Locale = 'zh-CN' | 'en';

/** Travels as the first argument of every engine call. */
export interface RequestContext {
  shopId: string;
  locale: Locale;
  requestId: string;
  /** Set only when a signed shopper token was verified; never taken from message text. */
  shopperId?: string;
}

export function createContext(shopId: string, options: Partial<Omit<RequestContext, 'shopId'>> = {}): RequestContext {
  return {
    shopId,
    locale: options.locale ?? 'zh-CN',
    requestId: options.requestId ?? randomUUID(),
    ...(options.shopperId ? { shopperId: options.shopperId } : {}),
  };
}
