import { AnswerBuilder, type Source } from '../answers/sources.js';
import { replies } from '../answers/replies.js';
import { type Intent, withoutAddress } from '../dialogue/intents.js';
import type { KnowledgeHit } from '../retrieval/types.js';
import { maskPii } from '../../core/pii.js';
import type { Product } from '../../store/index.js';
import { normalizeText } from '../../text/index.js';
import { askedAttributes, withoutProductName } from '../tools/product-attributes.js';
import { productSource, stockText } from '../tools/product-tools.js';
import { formatPrice } from '../tools/display-format.js';
import { lowConfidence } from './handoff-triggers.js';
import { judgeKnowledgeHit, topicWords } from './knowledge-confidence.js';
import type { TurnDeps, TurnInput, TurnOutcome } from './turn-types.js';

const maxPassageChars = 400;
const vagueWords = new Set(['就是', '那个', '这个', '东西', '啥', '什么', '怎么', '一下', '问题', '请问', '可以', '嗯嗯', '那', '这', '呢', '啊', '吧', '哈', '哦', '嗯']);

/** Converts a hit to a source; policy passages are cut at a sentence end near `maxPassageChars`. */
export function knowledgeSource(hit: KnowledgeHit): Source {
  const document = hit.document;
  let text = document.text.trim();
  if (text.length > maxPassageChars) {
    const cut = text.slice(0, maxPassageChars);
    const end = Math.max(cut.lastIndexOf('。'), cut.lastIndexOf('\n'));
    text = end > maxPassageChars / 2 ? cut.slice(0, end + 1) : `${cut}…`;
  }
  return { id: document.id, kind: document.kind, title: document.title, text, version: document.version };
}

/** Searches the knowledge base and keeps the hits that reach the score threshold. */
export async function searchKnowledge(deps: TurnDeps, input: TurnInput, query: string, k = 3): Promise<KnowledgeHit[]> {
  const snapshot = await deps.knowledge.snapshot(input.ctx.shopId);
  const hits = await snapshot.retriever.search(query, k);
  return hits.filter((hit) => hit.score >= deps.minKnowledgeScore);
}

/**
 * Topic words of a question for judging knowledge hits, without the name of
 * a product it mentions: the FAQ states rules for every product, so
 * "瑜伽垫能改地址吗" is answered by the address rule that never names the mat.
 */
async function ruleTopicWords(deps: TurnDeps, input: TurnInput, question: string): Promise<string[]> {
  const product = await deps.catalog.findByTitle(input.ctx, question);
  return topicWords(product ? withoutProductName(normalizeText(question), product) : question);
}

/** Like `searchKnowledge` for a shopper's own words: keeps only hits that cover the question's topic (see knowledge-confidence.ts). */
export async function searchCoveredKnowledge(deps: TurnDeps, input: TurnInput, question: string, k = 3): Promise<KnowledgeHit[]> {
  const words = await ruleTopicWords(deps, input, question);
  const hits = await searchKnowledge(deps, input, question, k);
  return hits.filter((hit) => judgeKnowledgeHit(hit, words).accepted);
}

/**
 * Answers from the FAQ and policy documents, or declines. Unresolved either
 * way when nothing fits: with the "not understood" reply when no document
 * reaches the score threshold, and with an offer of a human agent at low
 * confidence when the best document does not cover the question's topic.
 */
export async function knowledgeAnswer(deps: TurnDeps, input: TurnInput, intent: Intent): Promise<TurnOutcome> {
  const question = withoutPersonalDetails(withoutAddress(input.message.trim()));
  // A message of filler words alone ("就是那个东西啊") matches documents by accident.
  const vague = deps.catalog.tokenize(question).every((word) => vagueWords.has(word));
  const hits = vague ? [] : await searchKnowledge(deps, input, question);

  const top = hits[0];
  if (!top) return unanswered(intent, replies.notUnderstood, input.decision.confidence);

  const words = await ruleTopicWords(deps, input, question);
  const judgement = judgeKnowledgeHit(top, words);
  if (!judgement.accepted) {
    // Recorded below the low-confidence line, so a long message of this kind goes to a human at once.
    const confidence = Math.min(top.score * judgement.coverage, lowConfidence - 0.01);
    return unanswered(intent === 'unknown' ? 'policy_faq' : intent, replies.noKnowledgeAnswer, confidence);
  }

  const builder = new AnswerBuilder();
  const source = knowledgeSource(top);
  builder.add(source.text, source);
  // A policy passage right behind an FAQ answer often carries the detail the FAQ leaves out.
  const second = hits[1];
  if (second && second.document.kind !== top.document.kind && second.score >= top.score * 0.9 && judgeKnowledgeHit(second, words).accepted) {
    const extra = knowledgeSource(second);
    builder.add(`另外，${extra.title}：${extra.text}`, extra);
  }
  return {
    intent: intent === 'unknown' ? 'policy_faq' : intent,
    confidence: Math.max(input.decision.confidence, top.score),
    tool: 'knowledge',
    mode: 'retrieval',
    text: builder.text(),
    sources: builder.sources,
    llmEligible: true,
    resolved: true,
  };
}

/**
 * Drops the clauses that carry personal data ("我电话138…，可以开发票吗"): a
 * phone number or address says who is asking, not what, and its words would
 * count as topic words no document covers. The message stays whole when
 * every clause has personal data.
 */
export function withoutPersonalDetails(message: string): string {
  const clauses = message.split(/(?<=[，,。.！!？?；;\n])/);
  const kept = clauses.filter((clause) => maskPii(clause).found.length === 0);
  return kept.length === 0 || kept.length === clauses.length ? message : kept.join('').trim();
}

function unanswered(intent: Intent, text: string, confidence: number): TurnOutcome {
  return { intent, confidence, tool: 'knowledge', mode: 'rules', text, sources: [], llmEligible: false, resolved: false };
}

/**
 * Answers a product question: a SKU code in the message, then a product it
 * names (preferring ones the shopper bought), then the product in focus.
 * Without a product, a question about the shop's goods in general ("商品是正品吗")
 * is answered from the knowledge base as a policy question.
 */
export async function productAnswer(deps: TurnDeps, input: TurnInput): Promise<TurnOutcome> {
  const found = await findProduct(deps, input);
  if (!found) {
    const fallback = await knowledgeAnswer(deps, input, 'product_info');
    if (fallback.resolved) return { ...fallback, intent: 'policy_faq' };
    return { ...fallback, intent: 'product_info', tool: 'product_facts', text: replies.productNotFound };
  }

  const product = found.product;
  const source = productSource(product);
  const builder = new AnswerBuilder();
  builder.add(`${product.title}（${product.id}）售价 ${formatPrice(product.price)}，${stockText(product)}。`, source);
  const asked = askedAttributes(product, input.message);
  for (const name of asked) builder.add(`${name}：${product.attributes[name]}。`, source);
  if (asked.length === 0 && Object.keys(product.attributes).length > 0) {
    const summary = Object.entries(product.attributes)
      .slice(0, 4)
      .map(([name, value]) => `${name} ${value}`)
      .join('，');
    builder.add(`主要参数：${summary}。`, source);
  }
  return {
    intent: 'product_info',
    // The same scale as the classifier's: a named product is a rule match, the product in focus is inherited.
    confidence: Math.max(input.decision.confidence, found.via === 'focus' ? 0.6 : 0.9),
    tool: 'product_facts',
    mode: 'rules',
    text: builder.text(),
    sources: builder.sources,
    llmEligible: true,
    resolved: true,
    productId: product.id,
  };
}

export interface FoundProduct {
  product: Product;
  /** `named`: by a code or words in the message; `focus`: the product or single-item order the conversation is about. */
  via: 'named' | 'focus';
}

/** Finds the product a message names by code or by name (the shopper's own purchases first), or else the one in focus. */
export async function findProduct(deps: TurnDeps, input: TurnInput): Promise<FoundProduct | undefined> {
  for (const code of input.codes) {
    const byCode = await deps.catalog.byId(input.ctx, code.value);
    if (byCode) return { product: byCode, via: 'named' };
  }
  const bought = new Set(input.orders.flatMap((order) => order.lines.map((line) => line.productId)));
  const byName = await deps.catalog.findByTitle(input.ctx, input.message, { prefer: bought });
  if (byName) return { product: byName, via: 'named' };

  const focusOrder = input.orders.find((o) => o.id === input.state.focusOrderId);
  const focusId = input.state.focusProductId ?? (focusOrder?.lines.length === 1 ? focusOrder.lines[0]!.productId : undefined);
  const focus = focusId ? await deps.catalog.byId(input.ctx, focusId) : undefined;
  return focus ? { product: focus, via: 'focus' } : undefined;
}
