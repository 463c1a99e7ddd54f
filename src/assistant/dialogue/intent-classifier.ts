import { normalizeText } from '../../text/index.js';
import type { ExtractedCode } from '../../text/index.js';
import { detectInjection } from '../guardrails/injection.js';
import { generalMarkers, greetingPattern, type Intent, intentKeywords, personalMarkers } from './intents.js';

export interface IntentContext {
  codes: readonly ExtractedCode[];
  /** Intent of the previous turn, for follow-ups such as "那这个呢". */
  lastIntent?: Intent;
}

export interface IntentDecision {
  intent: Intent;
  /** 0.9 for a keyword or code rule, 0.6 when inherited from the previous turn, 0 when nothing matched. */
  confidence: number;
  /** The message is about the shopper's own order or item, not the shop in general. */
  personal: boolean;
  /** Every intent whose keywords matched, in priority order. */
  matched: Intent[];
}

// When several intents match, the first in this list wins: "订单到哪了" is
// logistics, "快递坏了要退" is a return.
const priority = ['return_exchange', 'logistics', 'order_status', 'product_info', 'policy_faq'] as const;
// Follow-ups that carry no request of their own: "那它呢", "那个怎么样", and with another item, "那手表呢" or "还有袜子呢".
const followUpPattern = /^(那|那么)?(它|这个|那个|这件|那件|这单|那单)?(呢|怎么样|如何)[?？。!！]*$|^(那|那么)(它|这个|那个)|^(那|那么|还有)\p{Script=Han}{1,8}(呢|也是吗|也能吗|也可以吗)[?？。!！]*$/u;

// An elliptical follow-up that names an item: "纸尿裤呢", "奶粉那个呢", "那双跑鞋的呢".
const itemFollowUpPattern = /^(?:那|那么|还有)?(.{1,12}?)(?:的|那个|这个|那件|这件|那双|这双|那单|这单|那款|这款)?(?:呢|怎么样|也是吗|也能吗|也可以吗)[?？。!！\s]*$/u;

/**
 * Returns the words of an elliptical follow-up that name its subject
 * ("奶粉那个呢" → 奶粉), or undefined for other messages. Whether the words
 * name an item is for the caller to check against orders and products.
 */
export function followUpSubject(message: string): string | undefined {
  const match = itemFollowUpPattern.exec(normalizeText(message).trim());
  const subject = match?.[1]?.trim();
  return subject && /[\p{Script=Han}a-z]/u.test(subject) ? subject : undefined;
}

/**
 * Classifies a shopper message with keyword rules on normalised text
 * (traditional characters, full-width forms and case folded), plus the codes
 * found in it and the previous turn's intent. Injection attempts and
 * hand-off requests are checked first.
 */
export function classifyIntent(message: string, context: IntentContext): IntentDecision {
  const text = normalizeText(message);
  const codes = context.codes;
  const personal = personalMarkers.test(text) || codes.some((c) => c.kind !== 'sku');
  const decide = (intent: Intent, confidence: number, matched: Intent[] = []) => ({ intent, confidence, personal, matched });

  if (detectInjection(text)) return decide('injection', 0.9);
  if (intentKeywords.handoff.test(text)) return decide('handoff', 0.9);

  const matched: Intent[] = priority.filter((intent) => intentKeywords[intent].test(text));
  if (matched.length === 0 && greetingPattern.test(text)) return decide('greeting', 0.9);

  const general = generalMarkers.test(text) && !personal;
  let first = matched[0];
  // "下单后能改地址吗" names an order only in passing; without a personal marker it asks about the rule.
  const aboutRule = general || (!personal && matched.includes('policy_faq'));
  if (first && aboutRule && (first === 'order_status' || first === 'logistics')) first = 'policy_faq';
  if (first) return decide(first, 0.9, matched);

  const code = codes[0];
  if (code?.kind === 'tracking') return decide('logistics', 0.9);
  if (code?.kind === 'order') return decide('order_status', 0.9);
  if (code?.kind === 'sku') return decide('product_info', 0.9);

  if (context.lastIntent && followUpPattern.test(text) && context.lastIntent !== 'handoff') {
    return decide(context.lastIntent, 0.6);
  }
  return decide('unknown', 0);
}
