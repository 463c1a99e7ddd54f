import type { Kysely, Selectable } from 'kysely';
import { chunk } from './batch.js';
import type { Database, EventTable } from './schema.js';
import type { BehaviourEvent } from './types.js';
import { type UpsertOptions, updatedColumns } from './upsert-options.js';

/** Event fields an upsert can update, each with its column. */
const eventColumns = {
  userId: 'user_id',
  productId: 'product_id',
  type: 'type',
  ts: 'ts',
  sessionId: 'session_id',
  query: 'query',
} as const satisfies Record<Exclude<keyof BehaviourEvent, 'id'>, keyof EventTable>;

export type EventField = keyof typeof eventColumns;

function toEvent(row: Selectable<EventTable>): BehaviourEvent {
  return {
    id: row.id,
    userId: row.user_id,
    productId: row.product_id,
    type: row.type,
    ts: row.ts,
    sessionId: row.session_id,
    query: row.query,
  };
}

export class EventRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * Inserts events; an event whose id is already stored is replaced, so
   * re-imports are idempotent. With `updateFields`, a stored event changes
   * only in those fields. Events have no `updated_at`, so `now` is unused.
   */
  async upsertMany(shopId: string, events: readonly BehaviourEvent[], options: Pick<UpsertOptions<EventField>, 'updateFields'> = {}): Promise<void> {
    if (events.length === 0) return;
    const columns = updatedColumns(eventColumns, options.updateFields);
    const rows = events.map((e) => ({
      shop_id: shopId,
      id: e.id,
      user_id: e.userId,
      product_id: e.productId,
      type: e.type,
      ts: e.ts,
      session_id: e.sessionId,
      query: e.query,
    }));
    for (const batch of chunk(rows, 8)) {
      await this.db
        .insertInto('events')
        .values(batch)
        .onConflict((oc) =>
          columns.length === 0
            ? oc.columns(['shop_id', 'id']).doNothing()
            : oc.columns(['shop_id', 'id']).doUpdateSet((eb) => Object.fromEntries(columns.map((column) => [column, eb.ref(`excluded.${column}`)]))),
        )
        .execute();
    }
  }

  /** The user's latest events, newest first. */
  async recentForUser(shopId: string, userId: string, limit: number): Promise<BehaviourEvent[]> {
    const rows = await this.db
      .selectFrom('events')
      .selectAll()
      .where('shop_id', '=', shopId)
      .where('user_id', '=', userId)
      .orderBy('ts', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
    return rows.map(toEvent);
  }

  /** Ids of every product the user has a purchase event for. */
  async purchasedProductIds(shopId: string, userId: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom('events')
      .select('product_id')
      .distinct()
      .where('shop_id', '=', shopId)
      .where('user_id', '=', userId)
      .where('type', '=', 'purchase')
      .where('product_id', 'is not', null)
      .execute();
    return rows.map((r) => r.product_id as string);
  }

  /** Streams every event of a shop in time order, in pages, so memory stays bounded. */
  async *scan(shopId: string, pageSize = 50_000): AsyncGenerator<BehaviourEvent[]> {
    let after: { ts: string; id: string } | undefined;
    for (;;) {
      let query = this.db
        .selectFrom('events')
        .selectAll()
        .where('shop_id', '=', shopId)
        .orderBy('ts')
        .orderBy('id')
        .limit(pageSize);
      if (after) {
        const cursor = after;
        query = query.where((eb) =>
          eb.or([eb('ts', '>', cursor.ts), eb.and([eb('ts', '=', cursor.ts), eb('id', '>', cursor.id)])]),
        );
      }
      const rows = await query.execute();
      if (rows.length === 0) return;
      yield rows.map(toEvent);
      const last = rows[rows.length - 1]!;
      after = { ts: last.ts, id: last.id };
      if (rows.length < pageSize) return;
    }
  }

  async count(shopId: string): Promise<number> {
    const row = await this.db
      .selectFrom('events')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('shop_id', '=', shopId)
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }
}
