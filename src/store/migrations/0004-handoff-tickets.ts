import { type Kysely, type Migration, sql } from 'kysely';

// Hand-off tickets become one open ticket per conversation that later
// triggers update, and operators can close them:
// - `updated_at` is the time of the latest trigger or of closing,
// - `request_count` counts the triggers folded into the ticket,
// - `closed_at` is set when an operator closes it.
// Databases made before this migration may hold several open tickets for one
// conversation. The newest stays open and carries their count, and the older
// ones are closed, so the unique index on open tickets can be built.
export const handoffTickets: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('handoffs').addColumn('updated_at', 'text', (c) => c.notNull().defaultTo('')).execute();
    await db.schema.alterTable('handoffs').addColumn('request_count', 'integer', (c) => c.notNull().defaultTo(1)).execute();
    await db.schema.alterTable('handoffs').addColumn('closed_at', 'text').execute();
    await sql`update handoffs set updated_at = created_at`.execute(db);

    await sql`
      update handoffs set request_count = (
        select count(*) from handoffs as same
        where same.shop_id = handoffs.shop_id and same.conversation_id = handoffs.conversation_id and same.status = 'open'
      )
      where status = 'open'`.execute(db);
    const closedAt = new Date().toISOString();
    await sql`
      update handoffs set status = 'closed', closed_at = ${closedAt}, updated_at = ${closedAt}
      where status = 'open' and exists (
        select 1 from handoffs as newer
        where newer.shop_id = handoffs.shop_id and newer.conversation_id = handoffs.conversation_id and newer.status = 'open'
          and (newer.created_at > handoffs.created_at or (newer.created_at = handoffs.created_at and newer.id > handoffs.id))
      )`.execute(db);

    await db.schema
      .createIndex('handoffs_open_conversation_idx')
      .on('handoffs')
      .columns(['shop_id', 'conversation_id'])
      .unique()
      .where(sql.ref('status'), '=', 'open')
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropIndex('handoffs_open_conversation_idx').execute();
    await db.schema.alterTable('handoffs').dropColumn('closed_at').execute();
    await db.schema.alterTable('handoffs').dropColumn('request_count').execute();
    await db.schema.alterTable('handoffs').dropColumn('updated_at').execute();
  },
};
