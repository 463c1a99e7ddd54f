import type { Kysely, Migration } from 'kysely';

// Tables of the customer-service assistant: shipments with tracking events,
// the knowledge base and its change log, return-policy rules, conversations
// and hand-offs. Timestamps are ISO text and JSON is text, as in 0001.
export const assistantTables: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('shipments')
      .addColumn('shop_id', 'text', (c) => c.notNull())
      .addColumn('tracking_no', 'text', (c) => c.notNull())
      .addColumn('order_id', 'text', (c) => c.notNull())
      .addColumn('carrier', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('events', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('shipments_pk', ['shop_id', 'tracking_no'])
      .execute();
    await db.schema.createIndex('shipments_order_idx').on('shipments').columns(['shop_id', 'order_id']).execute();

    await db.schema
      .createTable('kb_entries')
      .addColumn('shop_id', 'text', (c) => c.notNull())
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('category', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('alternatives', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('source', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('kb_entries_pk', ['shop_id', 'id'])
      .execute();

    await db.schema
      .createTable('kb_changes')
      .addColumn('shop_id', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('subject', 'text', (c) => c.notNull())
      .addColumn('changed_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('kb_changes_pk', ['shop_id', 'version'])
      .execute();

    await db.schema
      .createTable('return_policies')
      .addColumn('shop_id', 'text', (c) => c.primaryKey())
      .addColumn('rules', 'text', (c) => c.notNull())
      .addColumn('source', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('conversations')
      .addColumn('shop_id', 'text', (c) => c.notNull())
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull().defaultTo('{}'))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('conversations_pk', ['shop_id', 'id'])
      .execute();
    await db.schema
      .createIndex('conversations_user_idx')
      .on('conversations')
      .columns(['shop_id', 'user_id', 'updated_at'])
      .execute();

    await db.schema
      .createTable('conversation_messages')
      .addColumn('shop_id', 'text', (c) => c.notNull())
      .addColumn('conversation_id', 'text', (c) => c.notNull())
      .addColumn('seq', 'integer', (c) => c.notNull())
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('text', 'text', (c) => c.notNull())
      .addColumn('intent', 'text')
      .addColumn('mode', 'text')
      .addColumn('payload', 'text', (c) => c.notNull().defaultTo('{}'))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('conversation_messages_pk', ['shop_id', 'conversation_id', 'seq'])
      .execute();

    await db.schema
      .createTable('handoffs')
      .addColumn('shop_id', 'text', (c) => c.notNull())
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('conversation_id', 'text', (c) => c.notNull())
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('intent', 'text')
      .addColumn('order_id', 'text')
      .addColumn('summary', 'text', (c) => c.notNull())
      .addColumn('suggested_action', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull().defaultTo('open'))
      .addColumn('packet', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('handoffs_pk', ['shop_id', 'id'])
      .execute();
    await db.schema.createIndex('handoffs_created_idx').on('handoffs').columns(['shop_id', 'created_at']).execute();
  },
  async down(db: Kysely<unknown>) {
    for (const table of [
      'handoffs',
      'conversation_messages',
      'conversations',
      'return_policies',
      'kb_changes',
      'kb_entries',
      'shipments',
    ]) {
      await db.schema.dropTable(table).ifExists().execute();
    }
  },
};
