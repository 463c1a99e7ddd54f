import type { DemoProduct } from './catalog.js';

/** The parts of return-policy.json that the simulator and the tests read. */
export interface ReturnPolicy {
  timezone: string;
  eligible_order_statuses: string[];
  no_reason_return: {
    window_days: number;
    counted_from: 'delivered_at';
    excluded_categories: { category_prefix: string }[];
    excluded_attributes: { attribute: string; value: string; applies: 'always' | 'opened' }[];
  };
  quality_issue: { window_days: number; counted_from: 'delivered_at' };
}

/** Parses return-policy.json and checks the fields the simulator depends on. */
export function parseReturnPolicy(text: string): ReturnPolicy {
  const policy = JSON.parse(text) as ReturnPolicy;
  const days = [policy.no_reason_return?.window_days, policy.quality_issue?.window_days];
  if (!days.every((d) => Number.isInteger(d) && (d as number) > 0)) {
    throw new Error('return-policy.json: no_reason_return.window_days and quality_issue.window_days must be positive integers');
  }
  return policy;
}

/**
 * Tells whether a product may ever be returned without reason. Items that
 * lose that right once opened (卫生用品) count as not returnable here, since
 * the simulator does not model whether a parcel was opened.
 */
export function allowsNoReasonReturn(product: DemoProduct, policy: ReturnPolicy): boolean {
  const rules = policy.no_reason_return;
  if (rules.excluded_categories.some((rule) => product.categoryPath.startsWith(rule.category_prefix))) return false;
  return !rules.excluded_attributes.some((rule) => product.attributes[rule.attribute] === rule.value);
}
