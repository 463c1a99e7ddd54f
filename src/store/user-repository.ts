import type { Kysely, Selectable } from 'kysely';
import { chunk, parseJsonObject } from './batch.js';
import type { Database, UserTable } from './schema.js';
import type { User } from './types.js';
import { type UpsertOptions, updatedColumns, upsertOptions } from './upsert-options.js';

/** User fields an upsert can update, each with its column. */
const userColumns = {
  name: 'name',
  gender: 'gender',
  city: 'city',
  registeredAt: 'registered_at',
  attributes: 'attributes',
} as const satisfies Record<Exclude<keyof User, 'id'>, keyof UserTable>;

export type UserField = keyof typeof userColumns;

function toUser(row: Selectable<UserTable>): User {
  return {
    id: row.id,
    name: row.name,
    gender: row.gender,
    city: row.city,
    registeredAt: row.registered_at,
    attributes: parseJsonObject(row.attributes),
  };
}

export class UserRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * Inserts users or updates them by id. With `updateFields`, a stored user
   * changes only in those fields (plus `updated_at`). A string third argument
   * is read as `now`.
   */
  async upsertMany(shopId: string, users: readonly User[], options?: string | UpsertOptions<UserField>): Promise<void> {
    if (users.length === 0) return;
    const { now = new Date().toISOString(), updateFields } = upsertOptions(options);
    const columns = updatedColumns(userColumns, updateFields);
    const rows = users.map((u) => ({
      shop_id: shopId,
      id: u.id,
      name: u.name,
      gender: u.gender,
      city: u.city,
      registered_at: u.registeredAt,
      attributes: JSON.stringify(u.attributes),
      updated_at: now,
    }));
    for (const batch of chunk(rows, 8)) {
      await this.db
        .insertInto('users')
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

  async get(shopId: string, id: string): Promise<User | undefined> {
    const row = await this.db
      .selectFrom('users')
      .selectAll()
      .where('shop_id', '=', shopId)
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? toUser(row) : undefined;
  }

  async count(shopId: string): Promise<number> {
    const row = await this.db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('shop_id', '=', shopId)
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }
}
