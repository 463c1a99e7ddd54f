/**
 * Order statuses as shoppers read them. Shops may store Chinese labels
 * (已签收) or English codes (delivered); both map to one label.
 */
const labels: Record<string, string> = {
  pending_payment: '待付款',
  unpaid: '待付款',
  paid: '待发货',
  pending_shipment: '待发货',
  processing: '待发货',
  shipped: '已发货',
  in_transit: '运输中',
  out_for_delivery: '派送中',
  delivered: '已签收',
  completed: '已完成',
  cancelled: '已取消',
  canceled: '已取消',
  refunded: '已退款',
  returned: '已退货',
  return_requested: '退货中',
};

export function orderStatusLabel(status: string): string {
  return labels[status.trim().toLowerCase()] ?? status;
}

const inTransitLabels = new Set(['已发货', '运输中', '派送中', '待收货']);
const deliveredLabels = new Set(['已签收', '已完成']);
const closedLabels = new Set(['已取消', '已退款', '已退货', '已关闭']);

/** True when the parcel has left the warehouse but has not been signed for. */
export function isInTransit(status: string): boolean {
  return inTransitLabels.has(orderStatusLabel(status));
}

export function isDelivered(status: string): boolean {
  return deliveredLabels.has(orderStatusLabel(status));
}

/** True once the order is finished and its no-reason return window has closed. */
export function isCompleted(status: string): boolean {
  return orderStatusLabel(status) === '已完成';
}

/** True before the parcel leaves the warehouse (unpaid or waiting for shipment). */
export function isUnshipped(status: string): boolean {
  return ['待付款', '待发货'].includes(orderStatusLabel(status));
}

export function isClosed(status: string): boolean {
  return closedLabels.has(orderStatusLabel(status));
}
