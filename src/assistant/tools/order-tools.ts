import type { RequestContext } from '../../core/context.js';
import type { Order, OrderLine, Store } from '../../store/index.js';
import type { Source } from '../answers/sources.js';
import { formatDateTime, formatPrice } from './display-format.js';
import { orderStatusLabel } from './order-status.js';

/** How many of the shopper's latest orders the assistant considers. */
export const recentOrderLimit = 20;

/** The shopper's own orders, newest first. Another shopper's orders are never read. */
export async function listOwnOrders(store: Store, ctx: RequestContext, shopperId: string): Promise<Order[]> {
  return store.orders.listForUser(ctx.shopId, shopperId, recentOrderLimit);
}

/**
 * Formats an order for a list: id, date and one item, by default the
 * first. `shownLine` names the item the shopper asked about, so two orders
 * that both start with the wipes still show the diapers asked about.
 */
export function orderLabel(order: Order, shownLine?: OrderLine): string {
  const first = shownLine?.title ?? order.lines[0]?.title ?? '';
  const more = order.lines.length > 1 ? ` 等${order.lines.length}件` : '';
  return `${order.id}（${formatDateTime(order.createdAt).slice(0, 10)} 下单，${first}${more}，${orderStatusLabel(order.status)}）`;
}

/** The order as a source: status, dates, items and total, without the shipping address. */
export function orderSource(order: Order): Source {
  const items = order.lines.map((l) => `${l.title} ×${l.quantity}（${formatPrice(l.unitPrice)}）`).join('；');
  const parts = [
    `订单 ${order.id}`,
    `状态：${orderStatusLabel(order.status)}`,
    `下单时间：${formatDateTime(order.createdAt)}`,
    ...(order.paidAt ? [`付款时间：${formatDateTime(order.paidAt)}`] : []),
    ...(order.deliveredAt ? [`签收时间：${formatDateTime(order.deliveredAt)}`] : []),
    `商品：${items}`,
    `实付：${formatPrice(order.total)}`,
  ];
  return { id: `order:${order.id}`, kind: 'order', title: `订单 ${order.id}`, text: parts.join('；') };
}
