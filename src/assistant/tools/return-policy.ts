import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { ShopmindError } from '../../core/errors.js';

const localized = z.object({ zh: z.string(), en: z.string() });

const excludedCategory = z.object({
  /** Category path prefix, matched against the product's `category_path` ("食品零食" matches "食品零食 > 坚果"). */
  category_prefix: z.string().min(1),
  reason: localized,
});

const excludedAttribute = z.object({
  attribute: z.string().min(1),
  value: z.string(),
  /** `always`: never returnable without reason; `opened`: only once opened. */
  applies: z.enum(['always', 'opened']),
  reason: localized,
});

const window = z.object({
  window_days: z.number().int().positive(),
  counted_from: z.literal('delivered_at'),
});

/**
 * A shop's return rules, in the layout of `examples/demo-store/return-policy.json`.
 * Day windows start on the calendar day after delivery in `timezone` and
 * close at 24:00 of the last day.
 */
export const returnPolicySchema = z.object({
  shop: z.string().optional(),
  version: z.number().int().nonnegative().default(1),
  effective_from: z.string().optional(),
  timezone: z.string().default('Asia/Shanghai'),
  eligible_order_statuses: z.array(z.string()).min(1),
  no_reason_return: window.extend({
    conditions: localized.optional(),
    excluded_categories: z.array(excludedCategory).default([]),
    excluded_attributes: z.array(excludedAttribute).default([]),
    return_shipping_paid_by: z.enum(['buyer', 'shop']).optional(),
  }),
  quality_issue: window
    .extend({
      remedies: z.array(z.enum(['exchange', 'return', 'repair'])).default(['exchange', 'return']),
      applies_to_excluded_items: z.boolean().default(true),
      return_shipping_paid_by: z.enum(['buyer', 'shop']).optional(),
      evidence: localized.optional(),
    })
    .optional(),
  warranty: z.object({ attribute: z.string(), counted_from: z.string(), note: localized.optional() }).optional(),
  refund: z
    .object({
      review_hours: z.number().positive().optional(),
      arrival_working_days: z.record(z.string(), z.string()).optional(),
      note: localized.optional(),
    })
    .optional(),
});

export type ReturnPolicy = z.infer<typeof returnPolicySchema>;

/** Validates parsed JSON as a return policy; `source` names the file or request in errors. */
export function parseReturnPolicy(value: unknown, source: string): ReturnPolicy {
  const parsed = returnPolicySchema.safeParse(value);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; ');
    throw new ShopmindError(
      'INVALID_FILE',
      {
        zh: `退换货规则 ${source} 无效：${problems}。格式见 examples/demo-store/return-policy.json`,
        en: `Return policy ${source} is invalid: ${problems}. See examples/demo-store/return-policy.json for the format`,
      },
      { source, problems: parsed.error.issues },
    );
  }
  return parsed.data;
}

/** Reads and validates a return-policy JSON file. */
export function readReturnPolicyFile(file: string): ReturnPolicy {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new ShopmindError(
      'FILE_NOT_FOUND',
      { zh: `找不到退换货规则文件：${file}`, en: `Return policy file not found: ${file}` },
      { file },
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new ShopmindError(
      'INVALID_FILE',
      {
        zh: `退换货规则文件 ${file} 不是合法的 JSON：${(error as Error).message}`,
        en: `Return policy file ${file} is not valid JSON: ${(error as Error).message}`,
      },
      { file },
    );
  }
  return parseReturnPolicy(value, file);
}
