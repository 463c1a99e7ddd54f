import type { Product } from '../../store/index.js';
import { normalizeText } from '../../text/index.js';
import { productDetailMissing, productNotSold, replies } from '../answers/replies.js';
import { AnswerBuilder } from '../answers/sources.js';
import type { KnowledgeHit } from '../retrieval/types.js';
import { formatPrice } from '../tools/display-format.js';
import { askedAttributes, withoutProductName } from '../tools/product-attributes.js';
import { productSource, stockText } from '../tools/product-tools.js';
import { topicWords } from './knowledge-confidence.js';
import { knowledgeAnswer, knowledgeSource, searchCoveredKnowledge } from './knowledge-turns.js';
import type { TurnDeps, TurnInput, TurnOutcome } from './turn-types.js';

// Topic words of a product question that ask for the product page as a whole (price, stock, an overview)
// rather than for one detail, so the price line and the main attributes answer them.
const overviewWords = new Set(
  (
    '钱 价 价格 价钱 售价 便宜 贵 货 有货 现货 库存 还有 补货 到货 缺货 没货 断货 售罄 卖 在卖 还卖 上架 下架 停产 ' +
    '怎么样 好用 好不好 质量 参数 规格 介绍 详情 信息 商品 产品 东西 宝贝 款 这款 那款 买 想买 要买 购买 推荐 值得 链接 看看 了解'
  ).split(' '),
);

/** Lowest retrieval score of a knowledge passage that answers a question about one product. */
const productKnowledgeScore = 0.6;

export interface FoundProduct {
  product: Product;
  /** `named`: by a code or words in the message; `focus`: the product or single-item order the conversation is about. */
  via: 'named' | 'focus';
}

/**
 * Finds the product a message names by code or by name (the shopper's own
 * purchases first), or else the one in focus. A message that names a model
 * the shop does not sell ("iphone 16 多少钱") gets no product, not the one in focus.
 */
export async function findProduct(deps: TurnDeps, input: TurnInput): Promise<FoundProduct | undefined> {
  for (const code of input.codes) {
    const byCode = await deps.catalog.byId(input.ctx, code.value);
    if (byCode) return { product: byCode, via: 'named' };
  }
  const bought = new Set(input.orders.flatMap((order) => order.lines.map((line) => line.productId)));
  const byName = await deps.catalog.findByTitle(input.ctx, input.message, { prefer: bought });
  if (byName) return { product: byName, via: 'named' };
  if ((await deps.catalog.unknownModelNames(input.ctx, input.message)).length > 0) return undefined;

  const focusOrder = input.orders.find((o) => o.id === input.state.focusOrderId);
  const focusId = input.state.focusProductId ?? (focusOrder?.lines.length === 1 ? focusOrder.lines[0]!.productId : undefined);
  const focus = focusId ? await deps.catalog.byId(input.ctx, focusId) : undefined;
  return focus ? { product: focus, via: 'focus' } : undefined;
}

/**
 * Answers a product question: a SKU code in the message, then a product it
 * names (preferring ones the shopper bought), then the product in focus.
 * The reply states the price and stock, then the attributes the question
 * asks about. A question about a detail no attribute states ("保温杯能装开水吗")
 * is answered from the product description or the knowledge base, or gets the
 * reply that the product page does not mention it. An overview question
 * ("耳机怎么样") gets the main attributes. Without a product, a question about the shop's
 * goods in general ("商品是正品吗") is answered from the knowledge base as a
 * policy question.
 */
export async function productAnswer(deps: TurnDeps, input: TurnInput): Promise<TurnOutcome> {
  const found = await findProduct(deps, input);
  if (!found) {
    const fallback = await knowledgeAnswer(deps, input, 'product_info');
    if (fallback.resolved) return { ...fallback, intent: 'policy_faq' };
    const unknown = await deps.catalog.unknownModelNames(input.ctx, input.message);
    if (unknown.length > 0) {
      // The shopper named a model the shop does not sell: that is an answer, not a failure to understand.
      const text = productNotSold(displayedModelName(input.message, unknown[0]!));
      return { ...fallback, intent: 'product_info', tool: 'product_facts', text, confidence: 0.9, resolved: true };
    }
    return { ...fallback, intent: 'product_info', tool: 'product_facts', text: replies.productNotFound };
  }

  const product = found.product;
  const asked = askedAttributes(product, input.message);
  const details = asked.length === 0 ? detailWords(input, product) : [];
  if (details.length > 0) return detailAnswer(deps, input, found, details);

  const source = productSource(product);
  const builder = new AnswerBuilder();
  builder.add(priceSentence(product), source);
  for (const name of asked) builder.add(`${name}：${product.attributes[name]}。`, source);
  if (asked.length === 0 && Object.keys(product.attributes).length > 0) {
    const summary = Object.entries(product.attributes)
      .slice(0, 4)
      .map(([name, value]) => `${name} ${value}`)
      .join('，');
    builder.add(`主要参数：${summary}。`, source);
  }
  return productOutcome(input, found, builder, 'rules');
}

/** Finds the model name in the message as the shopper wrote it ("iPhone 16"), or returns the normalised form. */
function displayedModelName(message: string, normalized: string): string {
  const letters = normalized.replace(/\s+/g, '').split('');
  const pattern = new RegExp(letters.map((c) => c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('\\s*'), 'i');
  return pattern.exec(message.normalize('NFKC'))?.[0] ?? normalized;
}

function priceSentence(product: Product): string {
  return `${product.title}（${product.id}）售价 ${formatPrice(product.price)}，${stockText(product)}。`;
}

function productOutcome(input: TurnInput, found: FoundProduct, builder: AnswerBuilder, mode: TurnOutcome['mode']): TurnOutcome {
  return {
    intent: 'product_info',
    // The same scale as the classifier's: a named product is a rule match, the product in focus is inherited.
    confidence: Math.max(input.decision.confidence, found.via === 'focus' ? 0.6 : 0.9),
    tool: 'product_facts',
    mode,
    text: builder.text(),
    sources: builder.sources,
    llmEligible: true,
    resolved: true,
    productId: found.product.id,
  };
}

/**
 * True when the message names the product by its id or by two or more
 * characters of its brand or title, rather than through one shared
 * character ("人" in "3-4人") that a fuzzy title match can rest on.
 */
export function namesProductClearly(input: TurnInput, product: Product): boolean {
  if (input.codes.some((code) => code.value.toUpperCase() === product.id.toUpperCase())) return true;
  const text = normalizeText(input.message);
  return withoutProductName(text, product) !== text;
}

/**
 * Topic words of a product question that neither name the product (its
 * brand, title, id, category or a code in the message) nor ask for an
 * overview: "保温杯能装开水吗" gives 装 and 开水, "耳机多少钱" gives none.
 */
export function detailWords(input: TurnInput, product: Product): string[] {
  const text = withoutCodes(input);
  const name = normalizeText(`${product.brand} ${product.title} ${product.id} ${product.categoryPath}`);
  return topicWords(withoutProductName(text, product)).filter((word) => !overviewWords.has(word) && !name.includes(word));
}

/** Returns the normalised message without the SKU, order and tracking codes in it. */
function withoutCodes(input: TurnInput): string {
  let text = normalizeText(input.message);
  for (const code of input.codes) text = text.replaceAll(code.value.toLowerCase(), ' ');
  return text;
}

/**
 * Answers a question about a detail that no attribute of the product
 * states. The first of these is used: the description sentences that
 * contain every detail word of two or more characters, then a knowledge-base
 * passage that covers the question and names no other brand of the shop.
 * Otherwise the reply states that the product page does not mention the
 * detail, and the turn is unresolved, so repeated misses reach a human.
 */
async function detailAnswer(deps: TurnDeps, input: TurnInput, found: FoundProduct, details: string[]): Promise<TurnOutcome> {
  const product = found.product;
  const source = productSource(product);

  const sentences = describingSentences(product, details);
  if (sentences.length > 0) {
    const builder = new AnswerBuilder().add(priceSentence(product), source).add(`商品介绍：${sentences.join('；')}。`, source);
    return productOutcome(input, found, builder, 'rules');
  }

  const passage = await productKnowledge(deps, input, product);
  if (passage) {
    const builder = new AnswerBuilder().add(priceSentence(product), source);
    const extra = knowledgeSource(passage);
    builder.add(extra.text, extra);
    return productOutcome(input, found, builder, 'retrieval');
  }

  const builder = new AnswerBuilder().add(productDetailMissing(product.title), source);
  return { ...productOutcome(input, found, builder, 'rules'), llmEligible: false, resolved: false };
}

function describingSentences(product: Product, details: readonly string[]): string[] {
  const needed = details.filter((word) => [...word].length >= 2);
  if (needed.length === 0) return [];
  return product.description
    .split(/[。！!；;\n]/)
    .map((sentence) => sentence.trim())
    .filter((sentence) => sentence.length > 0 && needed.every((word) => normalizeText(sentence).includes(word)));
}

/**
 * Finds the knowledge passage that answers a question about `product`. The
 * search leaves the product's name out, because FAQ entries state rules for
 * every product ("耳机是正品吗" is answered by "商品是正品吗？"). The passage
 * must score high and name no other brand of the shop.
 */
async function productKnowledge(deps: TurnDeps, input: TurnInput, product: Product): Promise<KnowledgeHit | undefined> {
  const question = withoutProductName(withoutCodes(input), product).trim();
  const hit = (await searchCoveredKnowledge(deps, input, question, 1))[0];
  if (!hit || hit.score < productKnowledgeScore || !hit.signals.includes('question-match')) return undefined;
  const brands = await deps.catalog.brands(input.ctx);
  const text = normalizeText(`${hit.document.title} ${hit.document.text}`);
  const own = normalizeText(product.brand);
  const otherBrand = [...brands].some((brand) => brand !== own && text.includes(brand));
  return otherBrand ? undefined : hit;
}
