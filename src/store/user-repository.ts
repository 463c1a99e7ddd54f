import type { Kysely, Selectable } from 'kysely';
import { chunk, parseJsonObject } from './batch.js';
import type { Database, UserTable } from './schema.js';
import type { User } from './types.js';

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

  async upsertMany(shopId: string, users: readonly User[], now = new Date().toISOString()): Promise<void> {
    if (users.length === 0) return;
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
            name: eb.ref('excluded.name'),
            gender: eb.ref('excluded.gender'),
            city: eb.ref('excluded.city'),
            registered_at: eb.ref('excluded.registered_at'),
            attributes: eb.ref('excluded.attributes'),
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
