import type { Kysely, Selectable } from 'kysely';
import type { AssistantTables, HandoffTable } from './assistant-schema.js';
import type { HandoffRecord } from './assistant-types.js';

function toHandoff(row: Selectable<HandoffTable>): HandoffRecord {
  let packet: Record<string, unknown> = {};
  try {
    packet = JSON.parse(row.packet) as Record<string, unknown>;
  } catch {
    // Written by `insert` below; a broken value reads as an empty packet.
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
    packet,
    createdAt: row.created_at,
  };
}

/** Hand-offs from the assistant to a human agent, with their context packet. */
export class HandoffRepository {
  constructor(private readonly db: Kysely<AssistantTables>) {}

  async insert(shopId: string, handoff: HandoffRecord): Promise<void> {
    await this.db
      .insertInto('handoffs')
      .values({
        shop_id: shopId,
        id: handoff.id,
        conversation_id: handoff.conversationId,
        user_id: handoff.userId,
        reason: handoff.reason,
        intent: handoff.intent,
        order_id: handoff.orderId,
        summary: handoff.summary,
        suggested_action: handoff.suggestedAction,
        status: handoff.status,
        packet: JSON.stringify(handoff.packet),
        created_at: handoff.createdAt,
      })
      .execute();
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
