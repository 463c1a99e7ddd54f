import type { Kysely } from 'kysely';
import type { AssistantTables } from './assistant-schema.js';

export interface StoredReturnPolicy {
  /** Parsed JSON; the assistant validates it against its policy schema. */
  rules: unknown;
  source: string;
  updatedAt: string;
}

/** One return-policy rule set per shop, stored as JSON. */
export class ReturnPolicyRepository {
  constructor(private readonly db: Kysely<AssistantTables>) {}

  async put(shopId: string, rules: unknown, source: string, now = new Date().toISOString()): Promise<void> {
    await this.db
      .insertInto('return_policies')
      .values({ shop_id: shopId, rules: JSON.stringify(rules), source, updated_at: now })
      .onConflict((oc) =>
        oc.column('shop_id').doUpdateSet((eb) => ({
          rules: eb.ref('excluded.rules'),
          source: eb.ref('excluded.source'),
          updated_at: eb.ref('excluded.updated_at'),
        })),
      )
      .execute();
  }

  async get(shopId: string): Promise<StoredReturnPolicy | undefined> {
    const row = await this.db.selectFrom('return_policies').selectAll().where('shop_id', '=', shopId).executeTakeFirst();
    if (!row) return undefined;
    return { rules: JSON.parse(row.rules) as unknown, source: row.source, updatedAt: row.updated_at };
  }
}
