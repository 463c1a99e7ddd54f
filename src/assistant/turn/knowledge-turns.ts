import { AnswerBuilder, type Source } from '../answers/sources.js';
import { replies } from '../answers/replies.js';
import type { Intent } from '../dialogue/intents.js';
import type { KnowledgeHit } from '../retrieval/types.js';
import { askedAttributes, productSource, stockText } from '../tools/product-tools.js';
import { formatPrice } from '../tools/display-format.js';
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
  return snapshot.retriever.search(query, k).filter((hit) => hit.score >= deps.minKnowledgeScore);
}

/** Answers from the FAQ and policy documents; unresolved when nothing relevant is found. */
export async function knowledgeAnswer(deps: TurnDeps, input: TurnInput, intent: Intent): Promise<TurnOutcome> {
  // A message of filler words alone ("就是那个东西啊") matches documents by accident.
  const vague = deps.catalog.tokenize(input.message).every((word) => vagueWords.has(word));
  const hits = vague ? [] : await searchKnowledge(deps, input, input.message);

  const top = hits[0];
  if (!top) {
    return {
      intent,
      confidence: input.decision.confidence,
      tool: 'knowledge',
      mode: 'rules',
      text: replies.notUnderstood,
      sources: [],
      llmEligible: false,
      resolved: false,
    };
  }

  const builder = new AnswerBuilder();
  const source = knowledgeSource(top);
  builder.add(source.text, source);
  // A policy passage right behind an FAQ answer often carries the detail the FAQ leaves out.
  const second = hits[1];
  if (second && second.document.kind !== top.document.kind && second.score >= top.score * 0.9) {
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
 * Answers a product question: a SKU code in the message, then the product
 * in focus, then a title match. Falls back to the knowledge base.
 */
export async function productAnswer(deps: TurnDeps, input: TurnInput): Promise<TurnOutcome> {
  const product = await findProduct(deps, input);
  if (!product) {
    const fallback = await knowledgeAnswer(deps, input, 'product_info');
    if (fallback.resolved) return { ...fallback, intent: 'product_info' };
    return { ...fallback, intent: 'product_info', tool: 'product_facts', text: replies.productNotFound };
  }

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
    confidence: input.decision.confidence,
    tool: 'product_facts',
    mode: 'rules',
    text: builder.text(),
    sources: builder.sources,
    llmEligible: true,
    resolved: true,
    productId: product.id,
  };
}

async function findProduct(deps: TurnDeps, input: TurnInput) {
  for (const code of input.codes) {
    const byCode = await deps.catalog.byId(input.ctx, code.value);
    if (byCode) return byCode;
  }
  const byTitle = await deps.catalog.findByTitle(input.ctx, input.message);
  if (byTitle) return byTitle;
  if (input.state.focusProductId) return deps.catalog.byId(input.ctx, input.state.focusProductId);
  const focusOrder = input.orders.find((o) => o.id === input.state.focusOrderId);
  const onlyLine = focusOrder?.lines.length === 1 ? focusOrder.lines[0] : undefined;
  return onlyLine ? deps.catalog.byId(input.ctx, onlyLine.productId) : undefined;
}
