import { maskPii } from '../../core/pii.js';
import type { Shipment } from '../../store/assistant-repositories.js';
import type { Order, OrderLine } from '../../store/index.js';
import { type ExtractedCode, normalizeText } from '../../text/index.js';
import { isClosed, isCompleted, isDelivered, isInTransit } from '../tools/order-status.js';
import type { DialogueState } from './dialogue-state.js';
import type { Intent } from './intents.js';

export type OrderReference =
  | { kind: 'order'; order: Order; via: 'code' | 'selection' | 'words' | 'focus' | 'only_candidate' }
  | { kind: 'ambiguous'; candidates: Order[] }
  /** A code that is not one of the shopper's orders or shipments: whether it exists elsewhere is never checked. */
  | { kind: 'foreign'; code: string }
  | { kind: 'none' };

export interface ReferenceInput {
  message: string;
  codes: readonly ExtractedCode[];
  /** The shopper's own recent orders, newest first. */
  orders: readonly Order[];
  /** Shipments of those orders. */
  shipments: readonly Shipment[];
  state: DialogueState;
  intent: Intent;
  now: Date;
  /** Days after delivery during which a return question can still be about an order. Default 15. */
  returnWindowDays?: number;
  /** Tokenizer used to match message words against item titles. */
  tokenize: (text: string) => string[];
  /** Extra names of the ordered products (category paths), matched like titles. */
  productNames?: ProductNames;
}

const recentDays = 30;
const dayMs = 86_400_000;
const ordinalWords: Record<string, number> = { 一: 0, '1': 0, 二: 1, 两: 1, '2': 1, 三: 2, '3': 2, 四: 3, '4': 3, 五: 4, '5': 4 };

function codeReference(input: ReferenceInput): OrderReference | undefined {
  const text = normalizeText(input.message).toUpperCase();
  for (const code of input.codes) {
    if (code.kind === 'sku') continue;
    const byOrder = input.orders.find((o) => o.id.toUpperCase() === code.value);
    if (byOrder) return { kind: 'order', order: byOrder, via: 'code' };
    const shipment = input.shipments.find((s) => s.trackingNo.toUpperCase() === code.value);
    const byShipment = shipment && input.orders.find((o) => o.id === shipment.orderId);
    if (byShipment) return { kind: 'order', order: byShipment, via: 'code' };
    return { kind: 'foreign', code: code.value };
  }
  // Shops whose order ids follow no standard format are matched literally.
  const literal = input.orders.find((o) => o.id.length >= 4 && text.includes(o.id.toUpperCase()));
  return literal ? { kind: 'order', order: literal, via: 'code' } : undefined;
}

function selectionReference(input: ReferenceInput): OrderReference | undefined {
  const pending = input.state.pending;
  if (!pending) return undefined;
  const candidates = pending.orderIds
    .map((id) => input.orders.find((o) => o.id === id))
    .filter((o): o is Order => o !== undefined);
  const text = normalizeText(input.message);
  const ordinal = /第\s*([一二两三四五12345])\s*(个|单|笔)?|^([12345])[.。、]?$/.exec(text);
  if (ordinal) {
    const picked = candidates[ordinalWords[ordinal[1] ?? ordinal[3] ?? ''] ?? -1];
    if (picked) return { kind: 'order', order: picked, via: 'selection' };
  }
  if (/最后(一)?(个|单)|后(一|面)(个|那个)|下面(那个|的)/.test(text) && candidates.length > 0) {
    return { kind: 'order', order: candidates.at(-1)!, via: 'selection' };
  }
  if (/前(一|面)(个|那个)|上面(那个|的)/.test(text) && candidates.length > 0) {
    return { kind: 'order', order: candidates[0]!, via: 'selection' };
  }
  const byWords = wordsReference(input, candidates);
  return byWords ? { ...byWords, via: 'selection' } : undefined;
}

// Two-character words that appear in many questions and name no item.
const genericPairs = new Set(['退货', '能退', '可以', '不想', '想要', '我的', '这个', '那个', '商品', '东西', '订单', '快递', '物流', '包裹', '什么', '时候', '发货', '退款', '换货', '不要', '要了', '买错', '错了', '退掉']);

const personalDataWords = /手机号码?|电话号码?|联系电话|身份证号?|邮箱|收货地址|地址|姓名|名字/g;

// "X子" names an item by its head character (袜子 → 袜, 杯子 → 杯), unless X is one
// of these, where the word names no product (样子, 一下子, 孩子, 面子 …).
const nounSuffixStems = /(\p{Script=Han})子/gu;
const stemsNamingNoItem = new Set([...'样日点法孩儿女男影面例句下些阵辈两小老票车房脑肚身脚鼻嗓妻院']);

/** Returns the head characters of the "X子" nouns in `text` that can name an item (袜子 → 袜). */
export function nounStems(text: string): string[] {
  return [...text.matchAll(nounSuffixStems)].map((match) => match[1]!).filter((stem) => !stemsNamingNoItem.has(stem));
}

// English names of everyday items, so "Can I return the earphones?" finds the 耳机 order line.
// NOTE: a small fixed glossary, not a translation of the catalogue: other English item names match nothing.
const englishItemNames: readonly [RegExp, string][] = [
  [/\b(?:earphones?)\b/, '耳机'],
  [/\b(?:earbuds)\b/, '耳机'],
  [/\b(?:headphones?)\b/, '耳机'],
  [/\b(?:power ?bank)\b/, '充电宝'],
  [/\b(?:charger)\b/, '充电器'],
  [/\b(?:(charging )?cable)\b/, '数据线'],
  [/\b(?:(smart ?)?watch)\b/, '手表'],
  [/\b(?:phone case)\b/, '手机壳'],
  [/\b(?:(running )?shoes)\b/, '鞋'],
  [/\b(?:socks)\b/, '袜'],
  [/\b(?:t-?shirt)\b/, 't恤'],
  [/\b(?:(baby )?formula|milk powder)\b/, '奶粉'],
  [/\b(?:diapers?|nappies)\b/, '纸尿裤'],
  [/\b(?:wipes)\b/, '湿巾'],
  [/\b(?:(thermos|vacuum )?(cup|flask|bottle))\b/, '杯'],
  [/\b(?:yoga mat)\b/, '瑜伽垫'],
  [/\b(?:toothbrush)\b/, '牙刷'],
  [/\b(?:lipstick)\b/, '口红'],
  [/\b(?:snacks?)\b/, '零食'],
  [/\b(?:nuts)\b/, '坚果'],
];

/**
 * Item words of the message: runs of Han characters as overlapping pairs
 * (jieba may cut 卫衣 into 卫 and 衣, or keep 连帽卫衣 whole), the head
 * character of "X子" nouns, Latin or digit words such as model codes, and
 * Latin or digits followed by a Han character ("t恤"). A few English item
 * words add their Chinese name ("earphones" → 耳机).
 */
export function itemWords(text: string): Set<string> {
  const words = new Set<string>();
  // Personal data and the words that introduce it ("我的手机号是…") name no item.
  const clean = maskPii(text).text.replace(personalDataWords, ' ');
  for (const run of clean.match(/\p{Script=Han}{2,}/gu) ?? []) {
    for (let i = 0; i + 2 <= run.length; i++) {
      const pair = run.slice(i, i + 2);
      if (!genericPairs.has(pair)) words.add(pair);
    }
  }
  for (const stem of nounStems(clean)) words.add(stem);
  for (const [english, chinese] of englishItemNames) if (english.test(clean)) words.add(chinese);
  // Latin letters or digits joined to a Han character name items as well ("T恤", "3段").
  for (const mixed of clean.match(/[a-z0-9]+\p{Script=Han}/gu) ?? []) words.add(mixed);
  for (const word of clean.match(/[a-z0-9#][a-z0-9#-]+/g) ?? []) words.add(word);
  return words;
}

/**
 * Extra names of products besides their order-line title, by product id:
 * usually the category path ("服饰 > 袜子"), so "零食能退吗" finds the snacks.
 */
export type ProductNames = ReadonlyMap<string, string>;

/** Joins a line's title and its product's extra names into one normalised text. */
export function lineNameText(line: OrderLine, productNames?: ProductNames): string {
  const extra = productNames?.get(line.productId);
  return normalizeText(extra ? `${line.title} ${extra}` : line.title);
}

/** Finds the orders whose item names share the most item words with the message; empty when none shares any. */
export function ordersNamedBy(message: string, orders: readonly Order[], productNames?: ProductNames): Order[] {
  const words = itemWords(normalizeText(message));
  if (words.size === 0) return [];
  const scored = orders.map((order) => {
    const names = order.lines.map((line) => lineNameText(line, productNames)).join(' ');
    return { order, hits: [...words].filter((w) => names.includes(w)).length };
  });
  const best = Math.max(0, ...scored.map((s) => s.hits));
  return best === 0 ? [] : scored.filter((s) => s.hits === best).map((s) => s.order);
}

/**
 * Returns the lines of the order whose names share the most item words with
 * the message, so "瑜伽裤" picks the trousers and not the mat that shares
 * only 瑜伽. Empty when the message names no line.
 */
export function linesNamedBy(message: string, order: Order, productNames?: ProductNames): OrderLine[] {
  const words = [...itemWords(normalizeText(message))];
  const hits = order.lines.map((line) => {
    const names = lineNameText(line, productNames);
    return words.filter((w) => names.includes(w)).length;
  });
  const best = Math.max(0, ...hits);
  return best === 0 ? [] : order.lines.filter((_, i) => hits[i] === best);
}

function wordsReference(input: ReferenceInput, orders: readonly Order[]): { kind: 'order'; order: Order } | undefined {
  const named = ordersNamedBy(input.message, orders, input.productNames);
  return named.length === 1 ? { kind: 'order', order: named[0]! } : undefined;
}

/**
 * Orders the intent could be about when the message names none: parcels on
 * the way for logistics, orders delivered within the longest return window
 * for returns, and recent open orders otherwise.
 */
export function candidateOrders(intent: Intent, orders: readonly Order[], now: Date, returnWindowDays = 15): Order[] {
  const within = (iso: string | null, days: number) => iso !== null && now.getTime() - new Date(iso).getTime() <= (days + 1) * dayMs;
  const recent = orders.filter((o) => within(o.createdAt, recentDays));
  if (intent === 'logistics') return recent.filter((o) => isInTransit(o.status));
  if (intent === 'return_exchange') return orders.filter((o) => isDelivered(o.status) && within(o.deliveredAt, returnWindowDays));
  // A completed order has nothing left to report, so "我的订单怎么样了" is about the others.
  return recent.filter((o) => !isClosed(o.status) && !isCompleted(o.status));
}

/**
 * Resolves which of the shopper's orders a message means. The checks run in
 * this order:
 * 1. an order or tracking number in the message;
 * 2. the answer to a pending "which order?" question;
 * 3. item words that match exactly one of the orders the intent fits;
 * 4. item words that match exactly one order;
 * 5. the order in focus, unless the message names items that only other orders contain;
 * 6. the only recent order the intent fits (only orders containing the named items count when items are named);
 * 7. the latest order containing the named items.
 * Several fitting orders make the reference ambiguous.
 */
export function resolveOrderReference(input: ReferenceInput): OrderReference {
  const byCode = codeReference(input);
  if (byCode) return byCode;

  const selected = selectionReference(input);
  if (selected) return selected;

  // The same item bought twice, or socks on the way and socks delivered: the
  // order the intent fits decides ("袜子想退" means the delivered pair).
  const candidates = candidateOrders(input.intent, input.orders, input.now, input.returnWindowDays);
  const fitting = wordsReference(input, candidates);
  if (fitting) return { ...fitting, via: 'words' };

  const byWords = wordsReference(input, input.orders);
  if (byWords) return { ...byWords, via: 'words' };

  // An item the shopper names outranks the order the conversation was about: after
  // talking about the formula order, "纸尿裤买错了" means an order with the diapers.
  const named = ordersNamedBy(input.message, input.orders, input.productNames);
  const focus = input.state.focusOrderId && input.orders.find((o) => o.id === input.state.focusOrderId);
  if (focus && (named.length === 0 || named.includes(focus))) return { kind: 'order', order: focus, via: 'focus' };

  // When the message names items, only candidates containing them count ("坚果礼盒不想要了" is not about the detergent delivered last week).
  const namedCandidates = named.length > 0 ? candidates.filter((o) => named.includes(o)) : candidates;
  if (namedCandidates.length === 1) return { kind: 'order', order: namedCandidates[0]!, via: 'only_candidate' };
  if (namedCandidates.length > 1) return { kind: 'ambiguous', candidates: namedCandidates.slice(0, 5) };
  // No order the intent fits contains the item, but other orders do, so the latest purchase is meant.
  return named.length > 0 ? { kind: 'order', order: named[0]!, via: 'words' } : { kind: 'none' };
}
