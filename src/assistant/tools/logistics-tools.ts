import type { Shipment } from '../../store/assistant-repositories.js';
import type { Source } from '../answers/sources.js';
import { formatDateTime } from './display-format.js';

const carrierNames: Record<string, string> = {
  SF: '顺丰速运',
  YT: '圆通速递',
  ZTO: '中通快递',
  STO: '申通快递',
  YD: '韵达快递',
  YUNDA: '韵达快递',
  JD: '京东物流',
  JDV: '京东物流',
  JT: '极兔速递',
  EMS: 'EMS',
  DBL: '德邦快递',
};

const statusNames: Record<string, string> = {
  created: '已下单待揽收',
  pending: '待揽收',
  picked_up: '已揽收',
  in_transit: '运输中',
  out_for_delivery: '派送中',
  delivered: '已签收',
  exception: '异常',
  returned: '已退回',
};

export function carrierName(carrier: string): string {
  return carrierNames[carrier.trim().toUpperCase()] ?? carrier;
}

export function shipmentStatusLabel(status: string): string {
  return statusNames[status.trim().toLowerCase()] ?? status;
}

/** The latest tracking event, or undefined when the carrier has reported none. */
export function latestEvent(shipment: Shipment) {
  return shipment.events.at(-1);
}

/** The shipment as a source: carrier, tracking number, status and the latest three events. */
export function shipmentSource(shipment: Shipment): Source {
  const recent = shipment.events
    .slice(-3)
    .reverse()
    .map((e) => `${formatDateTime(e.time)} ${e.location ? `【${e.location}】` : ''}${e.description}`);
  const parts = [
    `订单 ${shipment.orderId} 的运单 ${shipment.trackingNo}（${carrierName(shipment.carrier)}）`,
    `物流状态：${shipmentStatusLabel(shipment.status)}`,
    recent.length > 0 ? `最新轨迹：${recent.join('；')}` : '承运商还没有返回轨迹',
  ];
  return {
    id: `shipment:${shipment.trackingNo}`,
    kind: 'shipment',
    title: `运单 ${shipment.trackingNo}`,
    text: parts.join('；'),
  };
}
