import type { Order, OrderLine, Product } from '../../store/index.js';
import { orderStatusLabel } from './order-status.js';
import type { ReturnPolicy } from './return-policy.js';

export type EligibilityDecision = 'eligible' | 'not_eligible' | 'conditional';

export interface EligibilityRequest {
  /**
   * The remedy asked for. `either`: the shopper reports a quality problem
   * without choosing, or asks about both ("能退换吗").
   */
  kind: 'return' | 'exchange' | 'either';
  /** The shopper says the item is broken, faulty or not as described. */
  qualityIssue: boolean;
  /** Whether the shopper says the item is opened; undefined when not said. */
  opened?: boolean;
}

export interface EligibilityResult {
  decision: EligibilityDecision;
  /** Path of the deciding rule in the policy, e.g. `no_reason_return.window_days`. */
  ruleId: string;
  /** The deciding rule in the shopper's words (Chinese). */
  ruleText: string;
  orderId: string;
  lineNo: number;
  productTitle: string;
  /** Local delivery date (YYYY-MM-DD in the policy's time zone). */
  deliveredOn?: string;
  /** Last day of the no-reason window (YYYY-MM-DD). */
  lastDay?: string;
  /** Last day on which a quality problem can still be reported, when the policy has that window. */
  qualityLastDay?: string;
  /** True when a quality-problem return or exchange is still open for this line. */
  qualityRemedyOpen: boolean;
  /**
   * For an order not yet signed for: the rule that will rule out a
   * no-reason return of this item once it is (infant formula, food), so a
   * reply about refusing the parcel can state the exclusion before delivery.
   */
  laterExclusion?: NoReasonExclusion;
}

/** A rule that rules out or limits a no-reason return of a product. */
export interface NoReasonExclusion {
  ruleId: string;
  ruleText: string;
  /** True when the rule depends on whether the item is opened, which the message does not state. */
  conditional: boolean;
}

/** Calendar date of `at` in `timeZone`, as YYYY-MM-DD. */
export function localDate(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

function addDays(day: string, days: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

function matchesCategory(categoryPath: string, prefix: string): boolean {
  const normalize = (text: string) => text.replace(/\s*>\s*/g, ' > ').trim();
  const path = normalize(categoryPath);
  const wanted = normalize(prefix);
  return path === wanted || path.startsWith(`${wanted} > `);
}

interface Dates {
  deliveredOn: string;
  today: string;
  lastDay: string;
  qualityLastDay?: string;
}

function qualityOpen(policy: ReturnPolicy, dates: Dates | undefined, excluded: boolean): boolean {
  if (!policy.quality_issue || !dates?.qualityLastDay) return false;
  if (excluded && !policy.quality_issue.applies_to_excluded_items) return false;
  return dates.today <= dates.qualityLastDay;
}

/**
 * Finds the rule that excludes `product` from no-reason returns: an excluded
 * category, or an excluded attribute that applies always or to opened items.
 * An `opened` rule excludes the item only when `opened` is true, and counts
 * as conditional when `opened` is undefined. Undefined when no rule applies.
 */
export function noReasonExclusion(policy: ReturnPolicy, product: Product | undefined, opened: boolean | undefined): NoReasonExclusion | undefined {
  const noReason = policy.no_reason_return;
  const category = product?.categoryPath ?? '';
  const excludedCategory = noReason.excluded_categories.find((rule) => matchesCategory(category, rule.category_prefix));
  if (excludedCategory) {
    return { ruleId: `no_reason_return.excluded_categories[${excludedCategory.category_prefix}]`, ruleText: excludedCategory.reason.zh, conditional: false };
  }
  for (const rule of noReason.excluded_attributes) {
    if (product?.attributes[rule.attribute] !== rule.value) continue;
    const ruleId = `no_reason_return.excluded_attributes[${rule.attribute}]`;
    if (rule.applies === 'always' || opened === true) return { ruleId, ruleText: rule.reason.zh, conditional: false };
    if (opened === undefined) return { ruleId, ruleText: rule.reason.zh, conditional: true };
  }
  return undefined;
}

/**
 * Applies a shop's return policy to one line of an order at `now`. Rules are
 * checked in this order, and the first that decides is reported: order
 * status, quality problem (when the shopper reports one), excluded
 * categories, excluded attributes (custom-made, opened hygiene goods), then
 * the no-reason window counted from delivery.
 */
export function checkReturnEligibility(
  policy: ReturnPolicy,
  order: Order,
  line: OrderLine,
  product: Product | undefined,
  now: Date,
  request: EligibilityRequest,
): EligibilityResult {
  const base = { orderId: order.id, lineNo: line.lineNo, productTitle: line.title };
  const status = orderStatusLabel(order.status);
  if (!policy.eligible_order_statuses.includes(status)) {
    const later = request.qualityIssue ? undefined : noReasonExclusion(policy, product, request.opened);
    return {
      ...base,
      decision: 'not_eligible',
      ruleId: 'eligible_order_statuses',
      ruleText: `订单当前状态为「${status}」，签收后才能申请退换货（可申请的状态：${policy.eligible_order_statuses.join('、')}）。`,
      qualityRemedyOpen: false,
      ...(later && !later.conditional ? { laterExclusion: later } : {}),
    };
  }
  if (!order.deliveredAt) {
    return {
      ...base,
      decision: 'conditional',
      ruleId: 'no_reason_return.counted_from',
      ruleText: '订单没有记录签收时间，无法计算退货期限，需要人工客服核实。',
      qualityRemedyOpen: false,
    };
  }

  const noReason = policy.no_reason_return;
  const deliveredOn = localDate(new Date(order.deliveredAt), policy.timezone);
  const dates: Dates = {
    deliveredOn,
    today: localDate(now, policy.timezone),
    lastDay: addDays(deliveredOn, noReason.window_days),
    ...(policy.quality_issue ? { qualityLastDay: addDays(deliveredOn, policy.quality_issue.window_days) } : {}),
  };
  const withDates = { ...base, deliveredOn, lastDay: dates.lastDay, ...(dates.qualityLastDay ? { qualityLastDay: dates.qualityLastDay } : {}) };

  if (request.qualityIssue && policy.quality_issue) {
    const open = qualityOpen(policy, dates, false);
    const days = policy.quality_issue.window_days;
    return {
      ...withDates,
      decision: open ? 'eligible' : 'not_eligible',
      ruleId: 'quality_issue.window_days',
      ruleText: open
        ? `商品有质量问题时，签收后${days}天内（截至 ${dates.qualityLastDay}）可申请${remedyText(policy)}${payerText(policy.quality_issue.return_shipping_paid_by)}。`
        : `质量问题需在签收后${days}天内申请，本单于 ${deliveredOn} 签收，已于 ${dates.qualityLastDay} 截止。`,
      qualityRemedyOpen: open,
    };
  }

  const exclusion = noReasonExclusion(policy, product, request.opened);
  if (exclusion) {
    return {
      ...withDates,
      decision: exclusion.conditional ? 'conditional' : 'not_eligible',
      ruleId: exclusion.ruleId,
      ruleText: exclusion.ruleText,
      qualityRemedyOpen: qualityOpen(policy, dates, true),
    };
  }

  // An exchange without a quality problem (another size or colour) follows the no-reason window and conditions.
  const days = noReason.window_days;
  const exchange = request.kind === 'exchange';
  if (dates.today > dates.lastDay) {
    const rule = exchange ? `不是质量问题的换货按${days}天无理由退货的期限办理` : `签收后${days}天内可申请无理由退货`;
    return {
      ...withDates,
      decision: 'not_eligible',
      ruleId: 'no_reason_return.window_days',
      ruleText: `${rule}，本单于 ${deliveredOn} 签收，已于 ${dates.lastDay} 截止。`,
      qualityRemedyOpen: qualityOpen(policy, dates, false),
    };
  }
  const conditions = noReason.conditions?.zh ? `条件：${noReason.conditions.zh}` : '';
  const rule = exchange ? `不是质量问题的换货按${days}天无理由退货的条件办理，签收后${days}天内可申请` : `签收后${days}天内可申请${days}天无理由退货`;
  return {
    ...withDates,
    decision: 'eligible',
    ruleId: 'no_reason_return.window_days',
    ruleText: `${rule}，本单于 ${deliveredOn} 签收，可在 ${dates.lastDay} 24:00 前申请。${conditions}`,
    qualityRemedyOpen: qualityOpen(policy, dates, false),
  };
}

function payerText(by: 'buyer' | 'shop' | undefined): string {
  if (by === 'shop') return '，寄回运费由店铺承担';
  if (by === 'buyer') return '，寄回运费由买家承担';
  return '';
}

function remedyText(policy: ReturnPolicy): string {
  const names: Record<string, string> = { exchange: '换货', return: '退货退款', repair: '维修' };
  return (policy.quality_issue?.remedies ?? []).map((r) => names[r] ?? r).join('或');
}
