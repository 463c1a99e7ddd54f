import type { Kysely, Migration } from 'kysely';

// Written once with Kysely's schema builder, which emits the right DDL for
// SQLite and PostgreSQL. Numbers use double precision and integers so both
// dialects return plain JavaScript numbers.
export const storeModel: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('shops')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('products')
      .addColumn('shop_id', 'text', (c) => c.notNull())
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('category_path', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('brand', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('price', 'double precision', (c) => c.notNull().defaultTo(0))
      .addColumn('stock', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('on_shelf', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('attributes', 'text', (c) => c.notNull().defaultTo('{}'))
      .addColumn('repurchasable', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('products_pk', ['shop_id', 'id'])
      .execute();
    await db.schema.createIndex('products_updated_idx').on('products').columns(['shop_id', 'updated_at']).execute();

    await db.schema
      .createTable('users')
      .addColumn('shop_id', 'text', (c) => c.notNull())
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('gender', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('city', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('registered_at', 'text')
      .addColumn('attributes', 'text', (c) => c.notNull().defaultTo('{}'))
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('users_pk', ['shop_id', 'id'])
      .execute();

    await db.schema
      .createTable('events')
      .addColumn('shop_id', 'text', (c) => c.notNull())
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('product_id', 'text')
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('ts', 'text', (c) => c.notNull())
      .addColumn('session_id', 'text')
      .addColumn('query', 'text')
      .addPrimaryKeyConstraint('events_pk', ['shop_id', 'id'])
      .execute();
    await db.schema.createIndex('events_user_ts_idx').on('events').columns(['shop_id', 'user_id', 'ts']).execute();
    await db.schema.createIndex('events_ts_idx').on('events').columns(['shop_id', 'ts', 'id']).execute();

    await db.schema
      .createTable('orders')
      .addColumn('shop_id', 'text', (c) => c.notNull())
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull().defaultTo('purchase'))
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('total', 'double precision', (c) => c.notNull().defaultTo(0))
      .addColumn('currency', 'text', (c) => c.notNull().defaultTo('CNY'))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('paid_at', 'text')
      .addColumn('delivered_at', 'text')
      .addColumn('shipping', 'text', (c) => c.notNull().defaultTo('{}'))
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('orders_pk', ['shop_id', 'id'])
      .execute();
    await db.schema.createIndex('orders_user_idx').on('orders').columns(['shop_id', 'user_id', 'created_at']).execute();

    await db.schema
      .createTable('order_lines')
      .addColumn('shop_id', 'text', (c) => c.notNull())
      .addColumn('order_id', 'text', (c) => c.notNull())
      .addColumn('line_no', 'integer', (c) => c.notNull())
      .addColumn('product_id', 'text', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('quantity', 'double precision', (c) => c.notNull())
      .addColumn('unit_price', 'double precision', (c) => c.notNull().defaultTo(0))
      .addPrimaryKeyConstraint('order_lines_pk', ['shop_id', 'order_id', 'line_no'])
      .execute();

    await db.schema
      .createTable('model_versions')
      .addColumn('shop_id', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('version', 'text', (c) => c.notNull())
      .addColumn('path', 'text', (c) => c.notNull())
      .addColumn('metrics', 'text', (c) => c.notNull().defaultTo('{}'))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('active', 'integer', (c) => c.notNull().defaultTo(0))
      .addPrimaryKeyConstraint('model_versions_pk', ['shop_id', 'kind', 'version'])
      .execute();
  },
  async down(db: Kysely<unknown>) {
    for (const table of ['model_versions', 'order_lines', 'orders', 'events', 'users', 'products', 'shops']) {
      await db.schema.dropTable(table).ifExists().execute();
    }
  },
};
