/**
 * Customer-service synonyms folded to one canonical word before retrieval,
 * so "怎么退钱" and "如何退款" share the word 退款. The table is kept small on
 * purpose: every entry was chosen because shoppers use the variants
 * interchangeably in after-sales questions, and a wrong fold merges meanings
 * that should stay apart. Variants are matched on normalised text (simplified,
 * lower case), longest variant first, so 人工客服 folds before 人工.
 */
export const customerServiceSynonyms: Readonly<Record<string, readonly string[]>> = {
  退款: ['退钱', '返钱', '退费'],
  快递: ['物流', '包裹', '快件', '运单'],
  运费: ['邮费'],
  客服: ['人工客服', '人工服务', '在线客服', '人工'],
  优惠券: ['优惠劵', '优惠卷'],
  尺码: ['码数', '码子'],
  价格: ['价钱'],
  什么: ['啥'],
  怎么: ['咋', '如何'],
};

export type SynonymTable = Readonly<Record<string, readonly string[]>>;

/** A compiled synonym table: one regular expression over every variant. */
export interface SynonymFolder {
  fold(text: string): string;
}

/** Compiles a synonym table; variants must already be normalised text. */
export function createSynonymFolder(table: SynonymTable): SynonymFolder {
  const canonicalOf = new Map<string, string>();
  for (const [canonical, variants] of Object.entries(table)) {
    for (const variant of variants) if (variant !== canonical) canonicalOf.set(variant, canonical);
  }
  if (canonicalOf.size === 0) return { fold: (text) => text };
  const alternatives = [...canonicalOf.keys()].sort((a, b) => b.length - a.length).map(escapeRegExp);
  const pattern = new RegExp(alternatives.join('|'), 'g');
  return { fold: (text) => text.replace(pattern, (variant) => canonicalOf.get(variant) ?? variant) };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

let defaultFolder: SynonymFolder | undefined;

/** Folds the built-in customer-service synonyms (`customerServiceSynonyms`) in normalised text. */
export function foldSynonyms(text: string): string {
  defaultFolder ??= createSynonymFolder(customerServiceSynonyms);
  return defaultFolder.fold(text);
}
