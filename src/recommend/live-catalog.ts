import type { SparseVector } from '../embedding/sparse-vector.js';
import type { Store } from '../store/index.js';
import type { Product } from '../store/types.js';
import { SparseIndex } from '../vector/sparse-index.js';
import { itemDocument } from './content.js';
import type { ItemMeta, RecommendModel } from './model.js';

export interface CatalogEntry {
  product: Product;
  index: number;
}

interface ContentLink {
  item: number;
  score: number;
}

const contentNeighbors = 20;

/**
 * The serving view of a shop's catalogue on top of one trained model. It
 * holds the current shelf state, stock and prices from the store. Products
 * added after training get content neighbours from the model's encoder as
 * soon as they are seen, with no retraining.
 */
export class LiveCatalog {
  private readonly byId = new Map<string, CatalogEntry>();
  // Entries by item index, filled on first lookup. An id's entry object is
  // never replaced once created (updates change its product), so a cached
  // entry stays the one `byId` holds. Scoring checks thousands of candidates
  // per request, and an array read is much cheaper than a string-keyed lookup.
  private readonly byIndex: (CatalogEntry | undefined)[];
  private readonly extraItems: ItemMeta[] = [];
  readonly extraContent = new Map<number, ContentLink[]>();
  private contentIndex: SparseIndex | undefined;
  // Cursor of the newest change seen: its time and the largest id at that time.
  private newestUpdate = '';
  private newestId = '';

  constructor(
    readonly model: RecommendModel,
    private readonly store: Store,
    private readonly shopId: string,
  ) {
    // Sized up front so the array keeps fast elements (filling a large empty array at random indexes turns it into a dictionary).
    this.byIndex = new Array(model.items.length);
  }

  /** Reads products changed since the last call and folds them in. */
  async refresh(): Promise<void> {
    // Rows come in (updated_at, id) order, so the last one is the next cursor in the database's own ordering.
    // NOTE: a product written later but stamped with exactly the cursor's time and a smaller id is missed until it changes again.
    const changed = await this.store.products.listUpdatedSince(this.shopId, this.newestUpdate, this.newestUpdate ? this.newestId : undefined);
    for (const product of changed) this.upsert(product);
    const last = changed[changed.length - 1];
    if (last?.updatedAt) {
      this.newestUpdate = last.updatedAt;
      this.newestId = last.id;
    }
  }

  get(id: string): CatalogEntry | undefined {
    return this.byId.get(id);
  }

  item(index: number): ItemMeta | undefined {
    return index < this.model.items.length ? this.model.items[index] : this.extraItems[index - this.model.items.length];
  }

  entryAt(index: number): CatalogEntry | undefined {
    const cached = this.byIndex[index];
    if (cached) return cached;
    const meta = this.item(index);
    const entry = meta ? this.byId.get(meta.id) : undefined;
    if (entry) this.byIndex[index] = entry;
    return entry;
  }

  /** Returns true when the item may be shown at all: on shelf and in stock. */
  isAvailable(index: number): boolean {
    const entry = this.entryAt(index);
    return !!entry && entry.product.onShelf && entry.product.stock > 0;
  }

  private upsert(product: Product): void {
    const known = this.byId.get(product.id);
    if (known) {
      known.product = product;
      return;
    }
    const trained = this.model.itemIndex.get(product.id);
    if (trained !== undefined) {
      this.byId.set(product.id, { product, index: trained });
      return;
    }
    this.addNewProduct(product);
  }

  private addNewProduct(product: Product): void {
    const index = this.model.items.length + this.extraItems.length;
    this.extraItems.push({ id: product.id, title: product.title, categoryPath: product.categoryPath });
    this.byId.set(product.id, { product, index });
    const vector = this.model.encoder.encodeSparse(itemDocument(product));
    const contentIndex = this.ensureContentIndex();
    const hits = contentIndex.search(vector, contentNeighbors, { maxPostingLength: this.model.params.contentMaxPostingLength });
    contentIndex.add(vector);
    this.linkContent(index, hits.map((h) => ({ item: h.index, score: h.score })));
  }

  /** Links the new item both ways, so it is recommended from its neighbours and they from it. */
  private linkContent(index: number, neighbors: ContentLink[]): void {
    this.extraContent.set(index, neighbors);
    for (const neighbor of neighbors) {
      const links = this.extraContent.get(neighbor.item) ?? [];
      links.push({ item: index, score: neighbor.score });
      this.extraContent.set(neighbor.item, links);
    }
  }

  private ensureContentIndex(): SparseIndex {
    if (!this.contentIndex) {
      const index = new SparseIndex();
      for (const vector of this.model.itemVectors) index.add(vector as SparseVector);
      this.contentIndex = index;
    }
    return this.contentIndex;
  }
}
