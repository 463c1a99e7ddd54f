import { normalizeText } from '../../text/index.js';
import { replies } from '../answers/replies.js';
import { ordersNamedBy, resolveOrderReference } from '../dialogue/order-reference.js';
import { followUpSubject, type IntentDecision } from '../dialogue/intent-classifier.js';
import { type Intent, orderChangeTopics } from '../dialogue/intents.js';
import { isAngry } from '../guardrails/sentiment.js';
import { asksAboutProduct } from '../tools/product-attributes.js';
import { knowledgeAnswer } from './knowledge-turns.js';
import { logisticsAnswer, namesOwnItem, orderById, orderStatusAnswer } from './order-turns.js';
import { findProduct, namesProductClearly, productAnswer } from './product-turns.js';
import { returnAnswer } from './return-turns.js';
import type { TurnDeps, TurnInput, TurnOutcome } from './turn-types.js';

function fixed(input: TurnInput, text: string, tool: TurnOutcome['tool']): TurnOutcome {
  return {
    intent: input.decision.intent,
    confidence: input.decision.confidence,
    tool,
    mode: 'rules',
    text,
    sources: [],
    llmEligible: false,
    resolved: true,
  };
}

/**
 * True when the message answers the pending "which order?" question: an
 * ordinal, a candidate's order number, or words of exactly one candidate's items.
 */
export function answersPendingQuestion(deps: TurnDeps, input: TurnInput): boolean {
  const pending = input.state.pending;
  if (!pending) return false;
  const candidates = input.orders.filter((o) => pending.orderIds.includes(o.id));
  const reference = resolveOrderReference({
    message: input.message,
    codes: input.codes,
    orders: candidates,
    shipments: [],
    state: { ...input.state, focusOrderId: undefined },
    intent: pending.intent,
    now: input.now,
    tokenize: (text) => deps.catalog.tokenize(text),
  });
  return reference.kind === 'order' && (reference.via === 'selection' || reference.via === 'code' || reference.via === 'words');
}

/** Replaces the decision with the pending question's intent when the message answers it. */
export function withPendingIntent(deps: TurnDeps, input: TurnInput): TurnInput {
  if (!input.state.pending || !answersPendingQuestion(deps, input)) return input;
  const decision: IntentDecision = { ...input.decision, intent: input.state.pending.intent, confidence: 0.9, personal: true };
  return { ...input, decision };
}

/** True when an unclassified message names a product and asks about it ("瑜伽垫多厚", "头灯什么接口"). */
async function namedProductQuestion(deps: TurnDeps, input: TurnInput): Promise<boolean> {
  const found = await findProduct(deps, input);
  return found?.via === 'named' && asksAboutProduct(found.product, input.message);
}

// Words that make a message a question rather than a statement.
const questionForm = /[吗呢?？]|能不能|可不可以|是不是|有没有|会不会|怎么|什么|多少|几|哪/;

// Intents whose answer is about one item, so "纸尿裤呢" asks the same about another item.
const itemIntents: ReadonlySet<Intent> = new Set(['order_status', 'logistics', 'return_exchange', 'product_info']);

/**
 * Reads an elliptical follow-up ("纸尿裤呢", "奶粉那个呢") as the previous
 * turn's request about the item it names. Undefined unless the previous turn
 * was about an item and the words name one of the shopper's order lines or a
 * product of the shop, so "为什么呢" is not read as one.
 */
async function itemFollowUp(deps: TurnDeps, input: TurnInput): Promise<TurnInput | undefined> {
  const lastIntent = input.state.lastIntent;
  if (!lastIntent || !itemIntents.has(lastIntent)) return undefined;
  const subject = followUpSubject(input.message);
  // One character ("人呢") is found inside too many names to show that an item is meant.
  if (!subject || [...subject].length < 2) return undefined;
  const productNames = await deps.catalog.categoryNames(input.ctx);
  const product = await deps.catalog.findByTitle(input.ctx, subject);
  const named =
    ordersNamedBy(subject, input.orders, productNames).length > 0 || (product !== undefined && namesProductClearly({ ...input, message: subject }, product));
  if (!named) return undefined;
  const decision: IntentDecision = { ...input.decision, intent: lastIntent, confidence: 0.6, personal: true };
  return { ...input, decision };
}

/**
 * Picks the order intent behind a rule question about one of the shopper's
 * own items. The classifier reads "卫衣发的哪家快递" or "瑜伽垫能改地址吗" as
 * general because no personal marker is present, but naming an item the
 * shopper bought makes it about that order.
 */
function ownOrderIntent(input: TurnInput): 'logistics' | 'order_status' | undefined {
  if (!namesOwnItem(input)) return undefined;
  const matched = input.decision.matched;
  if (matched.includes('logistics')) return 'logistics';
  if (matched.includes('order_status') || orderChangeTopics.test(normalizeText(input.message))) return 'order_status';
  return undefined;
}

/** Runs one turn: picks the tool for the intent and composes the rule-based answer. */
export async function handleTurn(deps: TurnDeps, input: TurnInput): Promise<TurnOutcome> {
  switch (input.decision.intent) {
    case 'injection':
      return fixed(input, replies.injectionRefusal, 'refusal');
    case 'greeting':
      return fixed(input, replies.greeting, 'none');
    case 'handoff': {
      const order = orderById(input, input.state.focusOrderId);
      return { ...fixed(input, '', 'handoff'), ...(order ? { order } : {}), handoff: { reason: 'requested', findings: [] } };
    }
    case 'order_status':
      return orderStatusAnswer(deps, input);
    case 'logistics':
      return logisticsAnswer(deps, input);
    case 'return_exchange':
      return returnAnswer(deps, input);
    case 'product_info':
      return productAnswer(deps, input);
    case 'policy_faq': {
      const orderIntent = ownOrderIntent(input);
      if (orderIntent === 'logistics') return logisticsAnswer(deps, input);
      if (orderIntent === 'order_status') return orderStatusAnswer(deps, input);
      return (await namedProductQuestion(deps, input)) ? productAnswer(deps, input) : knowledgeAnswer(deps, input, 'policy_faq');
    }
    default:
      return unclassifiedAnswer(deps, input);
  }
}

/**
 * Answers a message the keyword rules did not place: a complaint goes to a
 * human, an elliptical follow-up repeats the previous request for the item
 * it names, and a question about a named product goes to the product facts.
 * Everything else is looked up in the knowledge base. When nothing there
 * answers a question that names a product ("保温杯能装开水吗"), the product
 * facts reply that the product page does not mention it.
 */
async function unclassifiedAnswer(deps: TurnDeps, input: TurnInput): Promise<TurnOutcome> {
  // A complaint that asks for nothing the assistant can look up goes to a human (handoff-triggers.ts) without an FAQ passage first.
  if (isAngry(input.message)) return { ...fixed(input, '', 'none'), resolved: false };

  const followUp = await itemFollowUp(deps, input);
  if (followUp) return handleTurn(deps, followUp);
  if (await namedProductQuestion(deps, input)) return productAnswer(deps, input);

  const answer = await knowledgeAnswer(deps, input, input.decision.intent);
  if (answer.resolved || !questionForm.test(normalizeText(input.message))) return answer;
  const found = await findProduct(deps, input);
  return found?.via === 'named' && namesProductClearly(input, found.product) ? productAnswer(deps, input) : answer;
}
