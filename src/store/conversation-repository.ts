import type { Kysely, Selectable } from 'kysely';
import type { AssistantTables, ConversationMessageTable, ConversationTable } from './assistant-schema.js';
import type { Conversation, ConversationMessage } from './assistant-types.js';

function parseObject(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function toConversation(row: Selectable<ConversationTable>): Conversation {
  return {
    id: row.id,
    userId: row.user_id,
    state: parseObject(row.state),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toMessage(row: Selectable<ConversationMessageTable>): ConversationMessage {
  return {
    seq: Number(row.seq),
    role: row.role,
    text: row.text,
    intent: row.intent,
    mode: row.mode,
    payload: parseObject(row.payload),
    createdAt: row.created_at,
  };
}

export type NewConversationMessage = Omit<ConversationMessage, 'seq'>;

/** Assistant conversations, their dialogue state and message history. */
export class ConversationRepository {
  constructor(private readonly db: Kysely<AssistantTables>) {}

  async create(shopId: string, id: string, userId: string, now = new Date().toISOString()): Promise<Conversation> {
    const row = { shop_id: shopId, id, user_id: userId, state: '{}', created_at: now, updated_at: now };
    await this.db.insertInto('conversations').values(row).execute();
    return toConversation(row);
  }

  async get(shopId: string, id: string): Promise<Conversation | undefined> {
    const row = await this.db
      .selectFrom('conversations')
      .selectAll()
      .where('shop_id', '=', shopId)
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? toConversation(row) : undefined;
  }

  /**
   * Appends messages after the last stored one and saves the state, in one
   * transaction. Concurrent turns of one conversation are serialised: the
   * conversation row is updated first, which on PostgreSQL holds its row lock
   * until commit, so the next turn reads the highest `seq` only after the
   * previous turn's messages are committed. That needs read committed, where
   * each statement reads the latest commits, so the level is set explicitly
   * (SQLite ignores it and runs one write transaction at a time anyway). The
   * state of the turn that commits last is kept.
   */
  async appendTurn(
    shopId: string,
    conversationId: string,
    messages: readonly NewConversationMessage[],
    state: Record<string, unknown>,
    now = new Date().toISOString(),
  ): Promise<void> {
    const transaction = this.db.transaction().setIsolationLevel('read committed');
    await transaction.execute(async (trx) => {
      await trx
        .updateTable('conversations')
        .set({ state: JSON.stringify(state), updated_at: now })
        .where('shop_id', '=', shopId)
        .where('id', '=', conversationId)
        .execute();
      if (messages.length === 0) return;

      const last = await trx
        .selectFrom('conversation_messages')
        .select((eb) => eb.fn.max('seq').as('seq'))
        .where('shop_id', '=', shopId)
        .where('conversation_id', '=', conversationId)
        .executeTakeFirst();
      let seq = Number(last?.seq ?? 0);
      await trx
        .insertInto('conversation_messages')
        .values(
          messages.map((m) => ({
            shop_id: shopId,
            conversation_id: conversationId,
            seq: ++seq,
            role: m.role,
            text: m.text,
            intent: m.intent,
            mode: m.mode,
            payload: JSON.stringify(m.payload),
            created_at: m.createdAt,
          })),
        )
        .execute();
    });
  }

  /** Messages in order; with `lastN`, only the latest ones. */
  async messages(shopId: string, conversationId: string, lastN?: number): Promise<ConversationMessage[]> {
    let query = this.db
      .selectFrom('conversation_messages')
      .selectAll()
      .where('shop_id', '=', shopId)
      .where('conversation_id', '=', conversationId)
      .orderBy('seq', 'desc');
    if (lastN !== undefined) query = query.limit(lastN);
    const rows = await query.execute();
    return rows.map(toMessage).reverse();
  }
}
