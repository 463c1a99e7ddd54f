import { DAY_MS, HOUR_MS, MINUTE_MS, addHours, addMs, inSaleRush, windowEnd } from './calendar.js';
import type { Distance } from './people.js';
import type { Sampler } from './sampler.js';

export const orderStatuses = ['待付款', '待发货', '已发货', '已签收', '已完成', '已取消', '退款中'] as const;
export type OrderStatus = (typeof orderStatuses)[number];

/** Statuses of orders that left the warehouse, so they have a shipment record. */
export const shippedStatuses: readonly OrderStatus[] = ['已发货', '已签收', '已完成', '退款中'];

export const carriers = ['顺丰速运', '中通快递', '圆通速递'] as const;
export type Carrier = (typeof carriers)[number];

/** Orders of at least this many yuan ship by 顺丰速运 at no extra cost (配送说明). */
export const FREE_SF_THRESHOLD = 199;

/** An unpaid order is cancelled this long after it was placed (配送说明, FAQ). */
export const PAYMENT_TIMEOUT_MS = 24 * HOUR_MS;

/**
 * Everything that happens to an order, planned up front. Instants after
 * "now" are plans that have not happened yet: they decide nothing but are
 * kept so that the status can be read at any instant.
 */
export interface OrderPlan {
  createdAt: Date;
  paidAt: Date | null;
  cancelledAt: Date | null;
  shippedAt: Date | null;
  deliveredAt: Date | null;
  refundRequestedAt: Date | null;
  carrier: Carrier | null;
}

/** Windows from return-policy.json that decide when a delivered order counts as 已完成. */
export interface AfterSalesWindows {
  noReasonDays: number;
}

/** Reads the status of a planned order at `now`. */
export function statusAt(plan: OrderPlan, now: Date, windows: AfterSalesWindows): OrderStatus {
  if (plan.cancelledAt && plan.cancelledAt <= now) return '已取消';
  if (!plan.paidAt || plan.paidAt > now) return '待付款';
  if (!plan.shippedAt || plan.shippedAt > now) return '待发货';
  if (!plan.deliveredAt || plan.deliveredAt > now) return '已发货';
  if (plan.refundRequestedAt && plan.refundRequestedAt <= now) return '退款中';
  // Once the no-reason return window has closed, the order is complete.
  if (now >= windowEnd(plan.deliveredAt, windows.noReasonDays)) return '已完成';
  return '已签收';
}

export function pickCarrier(sampler: Sampler, total: number): Carrier {
  if (total >= FREE_SF_THRESHOLD) return '顺丰速运';
  // Some shoppers pay the 顺丰 surcharge on smaller orders.
  if (sampler.chance(0.12)) return '顺丰速运';
  return sampler.chance(0.5) ? '中通快递' : '圆通速递';
}

// Pickup-to-delivery hours by distance; they match the times promised in policies/shipping.md.
const transitHours: Readonly<Record<Distance, readonly [number, number]>> = {
  local: [8, 16],
  near: [20, 34],
  far: [34, 64],
  remote: [72, 110],
};

/** Hours from pickup to delivery, by distance from the Hangzhou warehouse; 顺丰 is faster. */
export function sampleTransitHours(sampler: Sampler, distance: Distance, carrier: Carrier): number {
  const [min, max] = transitHours[distance];
  const hours = sampler.between(min, max);
  return carrier === '顺丰速运' ? Math.max(min, hours * 0.75) : hours;
}

export interface RandomPlanInput {
  createdAt: Date;
  now: Date;
  total: number;
  distance: Distance;
  /** False when a line of the order may not be returned without reason, so no return is simulated. */
  returnable: boolean;
  windows: AfterSalesWindows;
}

/**
 * Plans a generated order. About 6% are cancelled, orders from the last day
 * may still be unpaid, and the rest ship within 48 hours (72 during the 11.11
 * rush). About 7% of returnable orders get a return request inside the
 * window, kept only when it is at most four days old at `now`.
 */
export function planRandomOrder(sampler: Sampler, input: RandomPlanInput): OrderPlan {
  const { createdAt, now } = input;
  const plan: OrderPlan = {
    createdAt,
    paidAt: null,
    cancelledAt: null,
    shippedAt: null,
    deliveredAt: null,
    refundRequestedAt: null,
    carrier: null,
  };

  if (sampler.chance(0.06)) return planCancellation(sampler, plan);
  if (now.getTime() - createdAt.getTime() < PAYMENT_TIMEOUT_MS && sampler.chance(0.2)) {
    plan.cancelledAt = addMs(createdAt, PAYMENT_TIMEOUT_MS);
    return plan;
  }

  const paidAt = addMs(createdAt, sampler.int(30, 480) * 1000);
  const shipDelayHours = inSaleRush(createdAt) ? sampler.between(20, 70) : sampler.between(3, 44);
  const shippedAt = addHours(paidAt, shipDelayHours);
  const carrier = pickCarrier(sampler, input.total);
  const deliveredAt = addHours(shippedAt, sampleTransitHours(sampler, input.distance, carrier));
  Object.assign(plan, { paidAt, shippedAt, carrier, deliveredAt });

  if (input.returnable && sampler.chance(0.07)) {
    const requestedAt = addHours(deliveredAt, sampler.between(6, 96));
    // 退款中 is short-lived: keep only requests made inside the window and at most four days before now.
    const insideWindow = requestedAt < windowEnd(deliveredAt, input.windows.noReasonDays);
    const stillOpen = requestedAt <= now && now.getTime() - requestedAt.getTime() <= 4 * DAY_MS;
    if (insideWindow && stillOpen) plan.refundRequestedAt = requestedAt;
  }
  return plan;
}

// Seven in ten cancelled orders were never paid and timed out; the rest were paid and cancelled before shipping.
function planCancellation(sampler: Sampler, plan: OrderPlan): OrderPlan {
  if (sampler.chance(0.7)) {
    plan.cancelledAt = addMs(plan.createdAt, PAYMENT_TIMEOUT_MS);
    return plan;
  }
  plan.paidAt = addMs(plan.createdAt, sampler.int(30, 360) * 1000);
  plan.cancelledAt = addMs(plan.paidAt, sampler.int(10, 600) * MINUTE_MS);
  return plan;
}
