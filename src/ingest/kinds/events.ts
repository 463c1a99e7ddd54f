import { createHash } from 'node:crypto';
import { msg } from '../../core/messages.js';
import type { EventField } from '../../store/event-repository.js';
import { type BehaviourEvent, type EventType, eventTypes } from '../../store/types.js';
import type { FieldSpec } from '../columns.js';
import type { FieldReader } from '../field-reader.js';
import type { UpdateTargets } from '../update-fields.js';

export const eventFields: readonly FieldSpec[] = [
  { name: 'id', required: false, aliases: ['event_id'], hints: ['事件ID', '行为ID'] },
  { name: 'user_id', required: true, hints: ['用户ID', '用户id', '会员ID', '买家ID'] },
  { name: 'product_id', required: false, aliases: ['item_id'], hints: ['商品ID', '商品id', '商品编号'] },
  { name: 'type', required: true, aliases: ['event_type', 'behavior_type', 'behaviour_type'], hints: ['行为', '行为类型', '事件类型'] },
  { name: 'ts', required: true, aliases: ['timestamp', 'time'], hints: ['时间', '行为时间', '发生时间'] },
  { name: 'session_id', required: false, hints: ['会话ID', '会话'] },
  { name: 'query', required: false, aliases: ['keyword'], hints: ['搜索词', '关键词'] },
];

export const eventUpdateTargets: UpdateTargets<EventField> = {
  user_id: 'userId',
  product_id: 'productId',
  type: 'type',
  ts: 'ts',
  session_id: 'sessionId',
  query: 'query',
};

// Chinese names and the short codes of public behaviour logs (pv, cart, fav, buy).
const typeAliases: Record<string, EventType> = {
  pv: 'view',
  浏览: 'view',
  点击: 'click',
  fav: 'favorite',
  favourite: 'favorite',
  收藏: 'favorite',
  cart: 'add_to_cart',
  'add-to-cart': 'add_to_cart',
  addtocart: 'add_to_cart',
  加购: 'add_to_cart',
  加入购物车: 'add_to_cart',
  buy: 'purchase',
  购买: 'purchase',
  下单: 'purchase',
  搜索: 'search',
};

function readType(reader: FieldReader): EventType {
  const text = reader.text('type', { required: true });
  if (text === '') return 'view';
  const word = text.toLowerCase();
  const type = (eventTypes as readonly string[]).includes(word) ? (word as EventType) : typeAliases[word];
  if (!type) {
    reader.fail(
      'type',
      text,
      msg(`不是已知的行为类型；可选：${eventTypes.join('、')}（也接受 浏览、收藏、加购、购买、搜索）`, `is not a known event type; choose ${eventTypes.join(', ')}`),
    );
    return 'view';
  }
  return type;
}

/** Derives the id of an event that has none from a hash of its content, so importing the same row again replaces it. */
export function contentEventId(event: Omit<BehaviourEvent, 'id'>): string {
  const content = JSON.stringify([event.userId, event.productId, event.type, event.ts, event.sessionId, event.query]);
  // Hex of the first 16 bytes, not a slice of the full hex string: a slice
  // would keep the 64-character parent alive in the duplicate index.
  return `h${createHash('sha256').update(content).digest().subarray(0, 16).toString('hex')}`;
}

export function readEvent(reader: FieldReader): BehaviourEvent {
  const sourceId = reader.id('id', { required: false });
  const type = readType(reader);
  const productId = reader.id('product_id', { required: false });
  if (productId === '' && type !== 'search' && reader.issues.every((issue) => issue.field !== 'product_id')) {
    reader.fail('product_id', '', msg(`为空；只有 search 行为可以不填商品，${type} 行为请填写商品 ID`, `is empty; only search events may omit the product, so fill in the product id for this ${type} event`));
  }
  const event = {
    userId: reader.id('user_id', { required: true }),
    productId: productId === '' ? null : productId,
    type,
    ts: reader.timestamp('ts', { required: true }) ?? '',
    sessionId: reader.optionalText('session_id'),
    query: reader.optionalText('query'),
  };
  return { id: sourceId === '' ? contentEventId(event) : sourceId, ...event };
}
