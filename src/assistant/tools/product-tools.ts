import type { RequestContext } from '../../core/context.js';
import type { Product, Store } from '../../store/index.js';
import { Bm25Index, normalizeText, Tokenizer } from '../../text/index.js';
import type { Source } from '../answers/sources.js';
import { stripInstructions } from '../guardrails/injection.js';
import { formatPrice } from './display-format.js';

// Words that appear in almost every product question and name no product.
const genericWords = new Set(['多少', '多少钱', '价格', '还有', '有货', '库存', '这个', '那个', '商品', '东西', '吗', '呢', '现在', '可以', '什么']);

interface CatalogSnapshot {
  latestUpdate: string | null;
  products: Product[];
  index: Bm25Index;
  tokens: string[][];
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
   * The product whose title and brand best cover the message's words, when
   * it covers at least `minCoverage` of them (0..1). Among close matches
   * ("充电宝" fits two power banks) the first one with an attribute the
   * message asks about wins. Undefined when nothing covers enough.
   */
  async findByTitle(ctx: RequestContext, message: string, minCoverage = 0.5): Promise<Product | undefined> {
    const snapshot = await this.snapshot(ctx.shopId);
    // Words no product contains ("多大", "好不好") cannot tell products apart, so they do not count.
    const query = this.tokenize(message).filter((t) => !genericWords.has(t) && snapshot.index.documentFrequency(t) > 0);
    if (query.length === 0) return undefined;
    const matches = snapshot.index
      .search(query, 5)
      .filter((hit) => snapshot.index.normalizedScore(query, snapshot.tokens[hit.index]!) >= minCoverage)
      .map((hit) => snapshot.products[hit.index]!);
    return matches.find((product) => askedAttributes(product, message).length > 0) ?? matches[0];
  }

  /** Tokenizes `text` the way the title index does. */
  tokenize(text: string): string[] {
    return this.tokenizer.tokenize(text);
  }

  private async snapshot(shopId: string): Promise<CatalogSnapshot> {
    const latestUpdate = await this.store.products.latestUpdate(shopId);
    const cached = this.snapshots.get(shopId);
    if (cached && cached.latestUpdate === latestUpdate) return cached;
    const products = await this.store.products.listAll(shopId);
    const tokens = products.map((p) => this.tokenize(`${p.brand} ${p.title} ${p.id} ${Object.keys(p.attributes).join(' ')}`));
    const snapshot = { latestUpdate, products, index: Bm25Index.from(tokens), tokens };
    this.snapshots.set(shopId, snapshot);
    return snapshot;
  }
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

// Question words that ask for an attribute whose name they do not contain.
const attributeCues: [RegExp, string[]][] = [
  [/多厚|厚不厚|厚度/, ['厚度']],
  [/多重|多沉|重量|多少克|多少斤/, ['重量']],
  [/多大|容量|能装/, ['容量', '尺寸', '规格']],
  [/多长|长度/, ['长度', '线长']],
  [/飞机|登机/, ['可登机']],
  [/保温/, ['保温时长']],
  [/防水/, ['防水', '防水等级', '防水指数']],
  [/颜色|色号|什么色/, ['颜色', '色号']],
  [/口味|味道|什么味/, ['口味']],
  [/尺码|码数|几码/, ['尺码']],
  [/保质期|过期/, ['保质期']],
  [/材质|面料|什么做的/, ['材质', '面料']],
  [/续航|用多久|充一次/, ['续航']],
  [/接口|几个口/, ['接口']],
  [/保修|质保/, ['保修']],
  [/适合|适用/, ['适合肤质', '适用年龄', '适用', '适用发质', '适配', '适用炉具']],
];

/** Attribute names the message asks about, by name ("续航多久" → 续航) or by cue ("多厚" → 厚度). */
export function askedAttributes(product: Product, message: string): string[] {
  const text = normalizeText(message);
  const names = Object.keys(product.attributes);
  const asked = new Set(names.filter((name) => text.includes(normalizeText(name))));
  for (const [cue, candidates] of attributeCues) {
    if (!cue.test(text)) continue;
    for (const name of candidates) if (names.includes(name)) asked.add(name);
  }
  return [...asked];
}

/** True when the message asks about a product's price, stock or an attribute rather than a shop rule. */
export function asksAboutProduct(product: Product, message: string): boolean {
  return askedAttributes(product, message).length > 0 || /多少钱|价格|有货|还有吗|库存|怎么样|好用吗/.test(normalizeText(message));
}
