// Chinese search words for the English phrases of shop-policy questions, in
// the order they are joined into a query ("Do you ship to Hong Kong?" → 能寄到 香港).
// NOTE: a small fixed glossary, not a translation, so an English question with
// none of these phrases finds no passage in a Chinese knowledge base.
const englishPolicyTerms: readonly [RegExp, string][] = [
  [/\b(ship(ping|ped)?|deliver(y|ed)?|send|post) to\b/, '能寄到'],
  [/\bhong ?kong\b/, '香港'],
  [/\bmaca[uo]\b/, '澳门'],
  [/\btaiwan\b/, '台湾'],
  [/\b(overseas|abroad|international)\b/, '海外'],
  [/\b(ship(ping|ped)?|send|sent|dispatch(ed)?) from\b|\bwarehouse\b/, '从哪里发货'],
  [/\breturn address\b|\bwhere (do|should|can) i (send|ship|post) (it|them|the item|my return)s? back\b/, '退货地址'],
  [/\b(shipping|delivery) (fee|cost|charge)s?\b|\bfree shipping\b|\bpostage\b/, '运费'],
  [/\b(invoice|fapiao)s?\b/, '发票'],
  [/\bcoupons?\b/, '优惠券'],
  [/\bwarranty\b/, '保修'],
  [/\b(payment methods?|pay with|pay by)\b/, '支付方式'],
];

/**
 * Rewrites an English shop-policy question (lower case, as `normalizeText`
 * returns it) as Chinese search words for the knowledge base, which is
 * written in Chinese. Undefined when the text contains Han characters or no
 * phrase of the glossary.
 */
export function englishPolicyQuery(text: string): string | undefined {
  if (/\p{Script=Han}/u.test(text)) return undefined;
  const words = englishPolicyTerms.filter(([english]) => english.test(text)).map(([, chinese]) => chinese);
  return words.length > 0 ? words.join(' ') : undefined;
}
