import type { Store } from '../store/index.js';
import type { Product } from '../store/types.js';
import { SequenceBuilder, type UserSequence } from './interactions.js';
import type { TrainingItem } from './train.js';

export function toTrainingItem(product: Product): TrainingItem {
  return {
    id: product.id,
    title: product.title,
    description: product.description,
    categoryPath: product.categoryPath,
    brand: product.brand,
    attributes: product.attributes,
  };
}

export interface StoreTrainingData {
  items: TrainingItem[];
  sequences: UserSequence[];
  events: number;
  /** Events whose product is not in the catalogue; they are skipped. */
  unknownProductEvents: number;
}

/** Reads the shop's catalogue and every behaviour event, page by page, into training sequences. */
export async function loadTrainingData(store: Store, shopId: string): Promise<StoreTrainingData> {
  const products = await store.products.listAll(shopId);
  const items = products.map(toTrainingItem);
  const index = new Map(items.map((item, i) => [item.id, i]));
  const builder = new SequenceBuilder();
  let events = 0;
  let unknownProductEvents = 0;
  for await (const page of store.events.scan(shopId)) {
    for (const event of page) {
      if (event.type === 'search' || !event.productId) continue;
      const item = index.get(event.productId);
      if (item === undefined) {
        unknownProductEvents++;
        continue;
      }
      builder.add(event.userId, item, event.type, Date.parse(event.ts));
      events++;
    }
  }
  return { items, sequences: builder.build(), events, unknownProductEvents };
}
