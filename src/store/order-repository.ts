import { type Kysely, type Selectable, sql, type Transaction } from 'kysely';
import { chunk, parseJsonObject } from './batch.js';
import type { Database, OrderLineTable, OrderTable } from './schema.js';
import type { Order } from './types.js';
import { type UpsertOptions, updatedColumns, upsertOptions } from './upsert-options.js';

/** Order fields an upsert can update, each with its column. */
const orderColumns = {
  userId: 'user_id',
  kind: 'kind',
  status: 'status',
  total: 'total',
  currency: 'currency',
  createdAt: 'created_at',
  paidAt: 'paid_at',
  deliveredAt: 'delivered_at',
  shipping: 'shipping',
} as const satisfies Record<Exclude<keyof Order, 'id' | 'lines'>, keyof OrderTable>;

/** An order field an upsert can update; `lineTitle` is the title of each of its lines. */
export type OrderField = keyof typeof orderColumns | 'lineTitle';

/** Key of one order line in SQL (`order_id#line_no`); unambiguous because line_no is an integer. */
function lineKey(orderId: string, lineNo: number): string {
  return `${orderId}#${lineNo}`;
}

const lineKeySql = sql<string>`${sql.ref('order_id')} || '#' || cast(${sql.ref('line_no')} as text)`;

/** Deletes the stored lines of `orders` whose line number none of the given lines has. */
async function deleteStaleLines(trx: Transaction<Database>, shopId: string, orders: readonly Order[]): Promise<void> {
  const maxParameters = 30_000;
  let group: Order[] = [];
  let parameters = 0;
  const flush = async () => {
    if (group.length === 0) return;
    const keys = group.flatMap((o) => o.lines.map((l) => lineKey(o.id, l.lineNo)));
    let query = trx
      .deleteFrom('order_lines')
      .where('shop_id', '=', shopId)
      .where(
        'order_id',
        'in',
        group.map((o) => o.id),
      );
    if (keys.length > 0) query = query.where(lineKeySql, 'not in', keys);
    await query.execute();
    group = [];
    parameters = 0;
  };
  for (const order of orders) {
    if (parameters + 1 + order.lines.length > maxParameters) await flush();
    group.push(order);
    parameters += 1 + order.lines.length;
  }
  await flush();
}

/** Inserts or updates the lines of `orders` by line number. */
async function upsertLines(trx: Transaction<Database>, shopId: string, orders: readonly Order[], keepTitles: boolean): Promise<void> {
  const lines = orders.flatMap((o) =>
    o.lines.map((l) => ({
      shop_id: shopId,
      order_id: o.id,
      line_no: l.lineNo,
      product_id: l.productId,
      title: l.title,
      quantity: l.quantity,
      unit_price: l.unitPrice,
    })),
  );
  for (const batch of chunk(lines, 7)) {
    await trx
      .insertInto('order_lines')
      .values(batch)
      .onConflict((oc) =>
        oc.columns(['shop_id', 'order_id', 'line_no']).doUpdateSet((eb) => ({
          product_id: eb.ref('excluded.product_id'),
          quantity: eb.ref('excluded.quantity'),
          unit_price: eb.ref('excluded.unit_price'),
          title: keepTitles
            ? eb
                .case()
                .when('order_lines.product_id', '=', eb.ref('excluded.product_id'))
                .then(eb.ref('order_lines.title'))
                .else(eb.ref('excluded.title'))
                .end()
            : eb.ref('excluded.title'),
        })),
      )
      .execute();
  }
}

function toOrder(row: Selectable<OrderTable>, lines: Selectable<OrderLineTable>[]): Order {
  return {
    id: row.id,
    userId: row.user_id,
    kind: row.kind,
    status: row.status,
    total: Number(row.total),
    currency: row.currency,
    createdAt: row.created_at,
    paidAt: row.paid_at,
    deliveredAt: row.delivered_at,
    shipping: parseJsonObject(row.shipping),
    lines: lines
      .sort((a, b) => a.line_no - b.line_no)
      .map((l) => ({
        lineNo: Number(l.line_no),
        productId: l.product_id,
        title: l.title,
        quantity: Number(l.quantity),
        unitPrice: Number(l.unit_price),
      })),
  };
}

export class OrderRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * Upserts orders; an order's lines are replaced by the given ones, in one
   * transaction. With `updateFields`, a stored order changes only in those
   * fields (plus `updated_at`), and without `lineTitle` among them a line
   * keeps its stored title while its product stays the same. A string third
   * argument is read as `now`.
   */
  async upsertMany(shopId: string, orders: readonly Order[], options?: string | UpsertOptions<OrderField>): Promise<void> {
    if (orders.length === 0) return;
    const { now = new Date().toISOString(), updateFields } = upsertOptions(options);
    const columns = updatedColumns(
      orderColumns,
      updateFields?.filter((field) => field !== 'lineTitle'),
    );
    const keepLineTitles = updateFields !== undefined && !updateFields.includes('lineTitle');
    await this.db.transaction().execute(async (trx) => {
      const rows = orders.map((o) => ({
        shop_id: shopId,
        id: o.id,
        user_id: o.userId,
        kind: o.kind,
        status: o.status,
        total: o.total,
        currency: o.currency,
        created_at: o.createdAt,
        paid_at: o.paidAt,
        delivered_at: o.deliveredAt,
        shipping: JSON.stringify(o.shipping),
        updated_at: now,
      }));
      for (const batch of chunk(rows, 12)) {
        await trx
          .insertInto('orders')
          .values(batch)
          .onConflict((oc) =>
            oc.columns(['shop_id', 'id']).doUpdateSet((eb) => ({
              ...Object.fromEntries(columns.map((column) => [column, eb.ref(`excluded.${column}`)])),
              updated_at: eb.ref('excluded.updated_at'),
            })),
          )
          .execute();
      }
      await deleteStaleLines(trx, shopId, orders);
      await upsertLines(trx, shopId, orders, keepLineTitles);
    });
  }

  async get(shopId: string, id: string): Promise<Order | undefined> {
    const row = await this.db
      .selectFrom('orders')
      .selectAll()
      .where('shop_id', '=', shopId)
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) return undefined;
    const lines = await this.db
      .selectFrom('order_lines')
      .selectAll()
      .where('shop_id', '=', shopId)
      .where('order_id', '=', id)
      .execute();
    return toOrder(row, lines);
  }

  /** The user's orders, newest first, with their lines. */
  async listForUser(shopId: string, userId: string, limit = 50): Promise<Order[]> {
    const rows = await this.db
      .selectFrom('orders')
      .selectAll()
      .where('shop_id', '=', shopId)
      .where('user_id', '=', userId)
      .orderBy('created_at', 'desc')
      .limit(limit)
      .execute();
    if (rows.length === 0) return [];
    const lines = await this.db
      .selectFrom('order_lines')
      .selectAll()
      .where('shop_id', '=', shopId)
      .where(
        'order_id',
        'in',
        rows.map((r) => r.id),
      )
      .execute();
    return rows.map((row) =>
      toOrder(
        row,
        lines.filter((l) => l.order_id === row.id),
      ),
    );
  }

  /** Product ids the user bought in orders (returns excluded). */
  async purchasedProductIds(shopId: string, userId: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom('order_lines')
      .innerJoin('orders', (join) =>
        join.onRef('orders.shop_id', '=', 'order_lines.shop_id').onRef('orders.id', '=', 'order_lines.order_id'),
      )
      .select('order_lines.product_id')
      .distinct()
      .where('orders.shop_id', '=', shopId)
      .where('orders.user_id', '=', userId)
      .where('orders.kind', '=', 'purchase')
      .execute();
    return rows.map((r) => r.product_id);
  }

  async count(shopId: string): Promise<number> {
    const row = await this.db
      .selectFrom('orders')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('shop_id', '=', shopId)
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }
}
