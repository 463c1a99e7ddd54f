import { type Kysely, type Selectable, sql } from 'kysely';
import type { AssistantTables, HandoffTable } from './assistant-schema.js';
import type { HandoffRecord } from './assistant-types.js';

function toHandoff(row: Selectable<HandoffTable>): HandoffRecord {
  let packet: Record<string, unknown> = {};
  try {
    packet = JSON.parse(row.packet) as Record<string, unknown>;
  } catch {
    // Written by `openOrUpdate` below; a broken value reads as an empty packet.
  }
  return {
    id: row.id,
    conversationId: row.conversation_id,
    userId: row.user_id,
    reason: row.reason,
    intent: row.intent,
    orderId: row.order_id,
    summary: row.summary,
    suggestedAction: row.suggested_action,
    status: row.status,
    // Two requests that race to open a conversation's ticket both write their own packet, and the
    // later one lands on the row the earlier one created, so the row's id is the one that counts.
    packet: { ...packet, id: row.id },
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    requestCount: Number(row.request_count),
    closedAt: row.closed_at,
  };
}

/** A ticket after `openOrUpdate`, and whether that call created it. */
export interface OpenedHandoff {
  record: HandoffRecord;
  created: boolean;
}

/** A ticket after `close`, and whether that call closed it (false when it was closed already). */
export interface ClosedHandoff {
  record: HandoffRecord;
  changed: boolean;
}

/**
 * Hand-off tickets from the assistant to a human agent, with their context
 * packet. A conversation has at most one open ticket, which a unique index
 * on open tickets enforces (migration 0004).
 */
export class HandoffRepository {
  constructor(private readonly db: Kysely<AssistantTables>) {}

  /**
   * Opens `ticket`, or, when its conversation already has an open ticket,
   * updates that one: the reason, summary, suggested action and packet are
   * replaced, intent and order are kept when the new values are null, and
   * `request_count` goes up by one. `ticket.id`, `createdAt` and
   * `requestCount` are used only when a new ticket is made.
   */
  async openOrUpdate(shopId: string, ticket: HandoffRecord): Promise<OpenedHandoff> {
    const row = await this.db
      .insertInto('handoffs')
      .values({
        shop_id: shopId,
        id: ticket.id,
        conversation_id: ticket.conversationId,
        user_id: ticket.userId,
        reason: ticket.reason,
        intent: ticket.intent,
        order_id: ticket.orderId,
        summary: ticket.summary,
        suggested_action: ticket.suggestedAction,
        status: 'open',
        packet: JSON.stringify(ticket.packet),
        created_at: ticket.createdAt,
        updated_at: ticket.updatedAt,
        request_count: 1,
        closed_at: null,
      })
      .onConflict((oc) =>
        oc
          .columns(['shop_id', 'conversation_id'])
          // The predicate of the partial unique index, so both dialects pick it as the conflict target.
          .where(sql<boolean>`status = 'open'`)
          .doUpdateSet({
            reason: (eb) => eb.ref('excluded.reason'),
            intent: sql<string | null>`coalesce(excluded.intent, handoffs.intent)`,
            order_id: sql<string | null>`coalesce(excluded.order_id, handoffs.order_id)`,
            summary: (eb) => eb.ref('excluded.summary'),
            suggested_action: (eb) => eb.ref('excluded.suggested_action'),
            packet: (eb) => eb.ref('excluded.packet'),
            updated_at: (eb) => eb.ref('excluded.updated_at'),
            request_count: sql<number>`handoffs.request_count + 1`,
          }),
      )
      .returningAll()
      .executeTakeFirstOrThrow();
    const record = toHandoff(row);
    return { record, created: record.requestCount === 1 };
  }

  /** Returns the open ticket of a conversation, if there is one. */
  async openFor(shopId: string, conversationId: string): Promise<HandoffRecord | undefined> {
    const row = await this.db
      .selectFrom('handoffs')
      .selectAll()
      .where('shop_id', '=', shopId)
      .where('conversation_id', '=', conversationId)
      .where('status', '=', 'open')
      .executeTakeFirst();
    return row ? toHandoff(row) : undefined;
  }

  /**
   * Records the order an open ticket is about when it had none, e.g. when
   * the shopper names the order after being handed off. Returns the updated
   * ticket, or undefined when the ticket is closed, missing or already has an order.
   */
  async attachOrder(
    shopId: string,
    id: string,
    orderId: string,
    orderSnapshot: Record<string, unknown>,
    now: string,
  ): Promise<HandoffRecord | undefined> {
    return this.db.transaction().execute(async (trx) => {
      const row = await trx
        .selectFrom('handoffs')
        .selectAll()
        .where('shop_id', '=', shopId)
        .where('id', '=', id)
        .where('status', '=', 'open')
        .where('order_id', 'is', null)
        .executeTakeFirst();
      if (!row) return undefined;

      const packet = { ...toHandoff(row).packet, order: orderSnapshot };
      const updated = await trx
        .updateTable('handoffs')
        .set({ order_id: orderId, packet: JSON.stringify(packet), updated_at: now })
        .where('shop_id', '=', shopId)
        .where('id', '=', id)
        .where('status', '=', 'open')
        .where('order_id', 'is', null)
        .returningAll()
        .executeTakeFirst();
      return updated ? toHandoff(updated) : undefined;
    });
  }

  /**
   * Closes a ticket. Closing a closed ticket changes nothing, so repeating
   * the call is safe. Returns undefined when the shop has no ticket `id`.
   */
  async close(shopId: string, id: string, now: string): Promise<ClosedHandoff | undefined> {
    const closed = await this.db
      .updateTable('handoffs')
      .set({ status: 'closed', closed_at: now, updated_at: now })
      .where('shop_id', '=', shopId)
      .where('id', '=', id)
      .where('status', '=', 'open')
      .returningAll()
      .executeTakeFirst();
    if (closed) return { record: toHandoff(closed), changed: true };

    const current = await this.get(shopId, id);
    return current ? { record: current, changed: false } : undefined;
  }

  /** Newest first; `status` filters open or closed ones. */
  async list(shopId: string, options: { status?: 'open' | 'closed'; limit?: number } = {}): Promise<HandoffRecord[]> {
    let query = this.db.selectFrom('handoffs').selectAll().where('shop_id', '=', shopId);
    if (options.status) query = query.where('status', '=', options.status);
    const rows = await query
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(options.limit ?? 100)
      .execute();
    return rows.map(toHandoff);
  }

  async get(shopId: string, id: string): Promise<HandoffRecord | undefined> {
    const row = await this.db
      .selectFrom('handoffs')
      .selectAll()
      .where('shop_id', '=', shopId)
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? toHandoff(row) : undefined;
  }
}
