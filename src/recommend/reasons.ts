import type { EventType } from '../store/types.js';
import type { ReasonSource } from './scorer.js';

export interface Reason {
  code: ReasonSource;
  zh: string;
  en: string;
  /** The product the reason refers to, when it names one. */
  anchor_product_id?: string;
}

const verbs: Record<EventType, { zh: string; en: string }> = {
  view: { zh: '浏览', en: 'viewed' },
  click: { zh: '点击', en: 'clicked' },
  favorite: { zh: '收藏', en: 'saved' },
  add_to_cart: { zh: '加购', en: 'added to cart' },
  purchase: { zh: '购买', en: 'bought' },
  search: { zh: '搜索', en: 'searched' },
};

function shorten(title: string, max = 18): string {
  return title.length > max ? `${title.slice(0, max)}…` : title;
}

/** The bilingual explanation of one recommended item. */
export function explainRecommendation(source: ReasonSource, anchor?: { id: string; title: string; type: EventType }): Reason {
  if (anchor && (source === 'item-cf' || source === 'transition' || source === 'content')) {
    const verb = verbs[anchor.type];
    const title = shorten(anchor.title);
    const base = { code: source, anchor_product_id: anchor.id };
    if (source === 'item-cf') return { ...base, zh: `因为你${verb.zh}了「${title}」`, en: `Because you ${verb.en} "${title}"` };
    if (source === 'transition') {
      return { ...base, zh: `${verb.zh}过「${title}」的顾客接下来常看这款`, en: `Shoppers who ${verb.en} "${title}" often look at this next` };
    }
    return { ...base, zh: `与你${verb.zh}过的「${title}」相似`, en: `Similar to "${title}" you ${verb.en}` };
  }
  if (source === 'category-popular') return { code: source, zh: '同类热销', en: 'Popular in this category' };
  return { code: 'popular', zh: '全店热销', en: 'Popular in the shop' };
}
