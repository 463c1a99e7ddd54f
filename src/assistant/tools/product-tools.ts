import type { RequestContext } from '../../core/context.js';
import type { Product, Store } from '../../store/index.js';
import { Bm25Index, normalizeText, Tokenizer } from '../../text/index.js';
import type { Source } from '../answers/sources.js';
import { stripInstructions } from '../guardrails/injection.js';
import { nounStems } from '../dialogue/order-reference.js';
import { formatPrice } from './display-format.js';
import { askedAttributes, withoutAmountQuestions } from './product-attributes.js';

// Words that appear in almost every product question and name no product.
const genericWords = new Set(['多少', '多少钱', '价格', '还有', '有货', '库存', '这个', '那个', '商品', '东西', '吗', '呢', '现在', '可以', '什么']);

interface CatalogSnapshot {
  latestUpdate: string | null;
  products: Product[];
  /** Index over the words that name each product: brand, title, id and category path. */
  index: Bm25Index;
  tokens: string[][];
  /** Normalised brand, title, id and category path of each product, for item-word matching. */
  nameTexts: string[];
}

// Words compared as whole tokens rather than as parts of a product name.
const latinOrDigit = /[a-z0-9]/;
// Model names such as "iphone 16" or "mate60", matched on normalised (lower-case) text.
const modelNamePattern = /[a-z]{2,}\s?\d+[a-z]*/g;

// A title match scoring below this share of the best one is not a close match.
const closeMatchShare = 0.8;

export interface ProductLookupOptions {
  /** Share (0..1) of the message's words a title must cover. Default 0.5. */
  minCoverage?: number;
  /** Products to prefer among close matches, e.g. those the shopper has bought. */
  prefer?: ReadonlySet<string>;
}

/** The shop's products with a title index, for product questions that name no SKU code. */
export class ProductCatalog {
  private readonly snapshots = new Map<string, CatalogSnapshot>();
  private readonly tokenizer = new Tokenizer();

  constructor(private readonly store: Store) {}

  async byId(ctx: RequestContext, id: string): Promise<Product | undefined> {
    return this.store.products.get(ctx.shopId, id);
  }

  /**
   * Finds the product the message names by its title, brand, id or category.
   * A match must cover at least `minCoverage` of the message's words that
   * occur in product names. When none does, the product whose name contains
   * the most of the message's words and "X子" stems ("袜子" → 中筒棉袜) is taken.
   * Among close matches ("充电宝" fits two power banks) a preferred product
   * with an attribute the message asks about wins, then any preferred one,
   * then any product with such an attribute. Undefined when the message names no
   * product, which attribute words alone ("什么颜色好看") do not.
   */
  async findByTitle(ctx: RequestContext, message: string, options: ProductLookupOptions = {}): Promise<Product | undefined> {
    const snapshot = await this.snapshot(ctx.shopId);
    const naming = withoutAmountQuestions(normalizeText(message));
    const matches = this.titleMatches(snapshot, naming, options.minCoverage ?? 0.5);
    const candidates = matches.length > 0 ? matches : this.itemWordMatches(snapshot, naming);
    return pickCandidate(candidates, message, options.prefer);
  }

  /**
   * Returns the model names in the message that no product of the shop
   * carries: Latin words with a number ("iphone 16", "mate60 pro"). Such a
   * message asks about a product the shop does not sell, so the product the
   * conversation was about must not answer it.
   * NOTE: Chinese brand names with a number ("小米14") are not detected,
   * because they cannot be told apart from a product word with an amount ("保温杯500ml").
   */
  async unknownModelNames(ctx: RequestContext, message: string): Promise<string[]> {
    const snapshot = await this.snapshot(ctx.shopId);
    const text = normalizeText(message);
    const models = text.match(modelNamePattern) ?? [];
    return models.filter((model) => !snapshot.nameTexts.some((name) => name.includes(model) || name.includes(model.replace(/\s+/g, ''))));
  }

  /** Normalised brand names of the shop's products. */
  async brands(ctx: RequestContext): Promise<Set<string>> {
    const snapshot = await this.snapshot(ctx.shopId);
    return new Set(snapshot.products.map((product) => normalizeText(product.brand)).filter((brand) => brand.length > 0));
  }

  /** Category path of every product, by product id: extra names for matching order lines. */
  async categoryNames(ctx: RequestContext): Promise<Map<string, string>> {
    const snapshot = await this.snapshot(ctx.shopId);
    return new Map(snapshot.products.map((product) => [product.id, product.categoryPath]));
  }

  /** Tokenizes `text` the way the title index does. */
  tokenize(text: string): string[] {
    return this.tokenizer.tokenize(text);
  }

  private titleMatches(snapshot: CatalogSnapshot, message: string, minCoverage: number): Product[] {
    // Words no product name contains ("多大", "颜色") cannot tell products apart, so they do not count.
    const query = [...new Set(this.tokenize(message))].filter((t) => !genericWords.has(t) && snapshot.index.documentFrequency(t) > 0);
    if (query.length === 0) return [];
    const hits = snapshot.index.search(query, 5);
    const best = hits[0]?.score ?? 0;
    return hits
      .filter((hit) => hit.score >= best * closeMatchShare)
      .filter((hit) => snapshot.index.normalizedScore(query, snapshot.tokens[hit.index]!) >= minCoverage)
      .map((hit) => snapshot.products[hit.index]!);
  }

  /**
   * Products whose names contain the most of the message's words and "X子"
   * stems. Whole words only, unlike order matching: a bigram across a word
   * boundary ("有线下门店" → 有线) would find a product the message does not name.
   * Words with Latin letters or digits must equal a whole token of the name,
   * so "iphone 16" does not find the "316不锈钢" cup.
   */
  private itemWordMatches(snapshot: CatalogSnapshot, message: string): Product[] {
    const text = normalizeText(message);
    const words = [...this.tokenize(text).filter((word) => word.length >= 2 && !genericWords.has(word)), ...nounStems(text)];
    if (words.length === 0) return [];
    const names = (word: string, i: number) =>
      latinOrDigit.test(word) ? snapshot.tokens[i]!.includes(word) : snapshot.nameTexts[i]!.includes(word);
    const hits = snapshot.nameTexts.map((_, i) => words.filter((word) => names(word, i)).length);
    const best = Math.max(0, ...hits);
    if (best === 0) return [];
    return snapshot.products.filter((_, i) => hits[i] === best).slice(0, 5);
  }

  private async snapshot(shopId: string): Promise<CatalogSnapshot> {
    const latestUpdate = await this.store.products.latestUpdate(shopId);
    const cached = this.snapshots.get(shopId);
    if (cached && cached.latestUpdate === latestUpdate) return cached;
    const products = await this.store.products.listAll(shopId);
    const names = products.map((p) => `${p.brand} ${p.title} ${p.id} ${p.categoryPath.replaceAll('>', ' ')}`);
    const tokens = names.map((name) => this.tokenize(name));
    const snapshot: CatalogSnapshot = {
      latestUpdate,
      products,
      index: Bm25Index.from(tokens),
      tokens,
      nameTexts: names.map((name) => normalizeText(name)),
    };
    this.snapshots.set(shopId, snapshot);
    return snapshot;
  }
}

function pickCandidate(candidates: readonly Product[], message: string, prefer: ReadonlySet<string> | undefined): Product | undefined {
  const asks = (product: Product) => askedAttributes(product, message).length > 0;
  const preferred = (product: Product) => prefer?.has(product.id) === true;
  // "耳机防水吗" from the owner of one pair of earphones is about that pair, even when another pair states the rating.
  return (
    candidates.find((product) => preferred(product) && asks(product)) ??
    candidates.find(preferred) ??
    candidates.find(asks) ??
    candidates[0]
  );
}

/** Stock as a shopper reads it. */
export function stockText(product: Product): string {
  if (!product.onShelf) return '已下架';
  if (product.stock <= 0) return '暂时缺货';
  if (product.stock < 20) return `有货，库存 ${product.stock} 件，数量不多`;
  return `有货，库存 ${product.stock} 件`;
}

/**
 * The product as a source: price, stock, attributes and description.
 * Sentences of the description that read as instructions are dropped,
 * because catalogue editors are not trusted to set the assistant's rules.
 */
export function productSource(product: Product): Source {
  const attributes = Object.entries(product.attributes)
    .map(([name, value]) => `${name}：${value}`)
    .join('；');
  const description = stripInstructions(product.description).text;
  const parts = [
    `商品 ${product.id} ${product.title}`,
    `价格：${formatPrice(product.price)}`,
    `库存：${stockText(product)}`,
    ...(product.categoryPath ? [`分类：${product.categoryPath}`] : []),
    ...(attributes ? [`参数：${attributes}`] : []),
    ...(description ? [`介绍：${description}`] : []),
  ];
  return { id: `product:${product.id}`, kind: 'product', title: product.title, text: parts.join('；') };
}
