import type { Kysely, Selectable } from 'kysely';
import { chunk, parseJsonObject } from './batch.js';
import type { Database, OrderLineTable, OrderTable } from './schema.js';
import type { Order } from './types.js';

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

  /** Upserts orders; an order's lines are replaced by the given ones, in one transaction. */
  async upsertMany(shopId: string, orders: readonly Order[], now = new Date().toISOString()): Promise<void> {
    if (orders.length === 0) return;
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
              user_id: eb.ref('excluded.user_id'),
              kind: eb.ref('excluded.kind'),
              status: eb.ref('excluded.status'),
              total: eb.ref('excluded.total'),
              currency: eb.ref('excluded.currency'),
              created_at: eb.ref('excluded.created_at'),
              paid_at: eb.ref('excluded.paid_at'),
              delivered_at: eb.ref('excluded.delivered_at'),
              shipping: eb.ref('excluded.shipping'),
              updated_at: eb.ref('excluded.updated_at'),
            })),
          )
          .execute();
      }
      const ids = orders.map((o) => o.id);
      for (const batch of chunk(ids, 1, 5_000)) {
        await trx.deleteFrom('order_lines').where('shop_id', '=', shopId).where('order_id', 'in', batch).execute();
      }
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
        await trx.insertInto('order_lines').values(batch).execute();
      }
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
