import type { Kysely, Selectable } from 'kysely';
import { chunk, parseJsonObject } from './batch.js';
import type { Database, ProductTable } from './schema.js';
import type { Product } from './types.js';
import { type UpsertOptions, updatedColumns, upsertOptions } from './upsert-options.js';

/** Product fields an upsert can update, each with its column. */
const productColumns = {
  title: 'title',
  description: 'description',
  categoryPath: 'category_path',
  brand: 'brand',
  price: 'price',
  stock: 'stock',
  onShelf: 'on_shelf',
  attributes: 'attributes',
  repurchasable: 'repurchasable',
} as const satisfies Record<Exclude<keyof Product, 'id' | 'updatedAt'>, keyof ProductTable>;

export type ProductField = keyof typeof productColumns;

function toProduct(row: Selectable<ProductTable>): Product {
  return {
    id: row.id,
    title: row.title,
    description: row.description,
    categoryPath: row.category_path,
    brand: row.brand,
    price: Number(row.price),
    stock: Number(row.stock),
    onShelf: Number(row.on_shelf) === 1,
    attributes: parseJsonObject(row.attributes),
    repurchasable: Number(row.repurchasable) === 1,
    updatedAt: row.updated_at,
  };
}

export class ProductRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * Inserts products or updates them by id. With `updateFields`, a stored
   * product changes only in those fields (plus `updated_at`). A string third
   * argument is read as `now`.
   */
  async upsertMany(shopId: string, products: readonly Product[], options?: string | UpsertOptions<ProductField>): Promise<void> {
    if (products.length === 0) return;
    const { now = new Date().toISOString(), updateFields } = upsertOptions(options);
    const columns = updatedColumns(productColumns, updateFields);
    const rows = products.map((p) => ({
      shop_id: shopId,
      id: p.id,
      title: p.title,
      description: p.description,
      category_path: p.categoryPath,
      brand: p.brand,
      price: p.price,
      stock: p.stock,
      on_shelf: p.onShelf ? 1 : 0,
      attributes: JSON.stringify(p.attributes),
      repurchasable: p.repurchasable ? 1 : 0,
      created_at: now,
      updated_at: now,
    }));
    for (const batch of chunk(rows, 13)) {
      await this.db
        .insertInto('products')
        .values(batch)
        .onConflict((oc) =>
          oc.columns(['shop_id', 'id']).doUpdateSet((eb) => ({
            ...Object.fromEntries(columns.map((column) => [column, eb.ref(`excluded.${column}`)])),
            updated_at: eb.ref('excluded.updated_at'),
          })),
        )
        .execute();
    }
  }

  async get(shopId: string, id: string): Promise<Product | undefined> {
    const row = await this.db
      .selectFrom('products')
      .selectAll()
      .where('shop_id', '=', shopId)
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? toProduct(row) : undefined;
  }

  async getMany(shopId: string, ids: readonly string[]): Promise<Product[]> {
    const out: Product[] = [];
    for (const batch of chunk(ids, 1, 5_000)) {
      const rows = await this.db
        .selectFrom('products')
        .selectAll()
        .where('shop_id', '=', shopId)
        .where('id', 'in', batch)
        .execute();
      out.push(...rows.map(toProduct));
    }
    return out;
  }

  async listAll(shopId: string): Promise<Product[]> {
    const rows = await this.db.selectFrom('products').selectAll().where('shop_id', '=', shopId).orderBy('id').execute();
    return rows.map(toProduct);
  }

  /**
   * Products changed after the cursor `(since, afterId)`, in `(updated_at, id)`
   * order, so a caller can page through changes without reading the rows of
   * the cursor's timestamp again. Without `afterId`, every row at `since` counts.
   */
  async listUpdatedSince(shopId: string, since: string, afterId?: string): Promise<Product[]> {
    let query = this.db.selectFrom('products').selectAll().where('shop_id', '=', shopId);
    query =
      afterId === undefined
        ? query.where('updated_at', '>=', since)
        : query.where((eb) => eb.or([eb('updated_at', '>', since), eb.and([eb('updated_at', '=', since), eb('id', '>', afterId)])]));
    const rows = await query.orderBy('updated_at').orderBy('id').execute();
    return rows.map(toProduct);
  }

  async latestUpdate(shopId: string): Promise<string | null> {
    const row = await this.db
      .selectFrom('products')
      .select((eb) => eb.fn.max('updated_at').as('latest'))
      .where('shop_id', '=', shopId)
      .executeTakeFirst();
    return row?.latest ?? null;
  }

  async count(shopId: string): Promise<number> {
    const row = await this.db
      .selectFrom('products')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('shop_id', '=', shopId)
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }
}
