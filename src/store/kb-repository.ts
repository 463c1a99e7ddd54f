import type { Kysely, Selectable, Transaction } from 'kysely';
import type { AssistantTables, KbEntryKind, KbEntryTable } from './assistant-schema.js';
import type { KbChange, KbEntry, KbEntryInput } from './assistant-types.js';
import { chunk } from './batch.js';

function parseAlternatives(text: string): string[] {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value.map(String) : [];
  } catch {
    return [];
  }
}

function toEntry(row: Selectable<KbEntryTable>): KbEntry {
  return {
    id: row.id,
    kind: row.kind,
    title: row.title,
    body: row.body,
    category: row.category,
    alternatives: parseAlternatives(row.alternatives),
    source: row.source,
    version: Number(row.version),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/**
 * FAQ entries and policy documents of each shop. Every change (create,
 * update, delete, or a whole import) adds one row to `kb_changes` and so
 * raises the shop's knowledge-base version by one.
 */
export class KbRepository {
  constructor(private readonly db: Kysely<AssistantTables>) {}

  /** The shop's current knowledge-base version; 0 before the first change. */
  async currentVersion(shopId: string): Promise<number> {
    return this.versionIn(this.db, shopId);
  }

  async list(shopId: string, kind?: KbEntryKind): Promise<KbEntry[]> {
    let query = this.db.selectFrom('kb_entries').selectAll().where('shop_id', '=', shopId);
    if (kind) query = query.where('kind', '=', kind);
    const rows = await query.orderBy('kind').orderBy('id').execute();
    return rows.map(toEntry);
  }

  async get(shopId: string, id: string): Promise<KbEntry | undefined> {
    const row = await this.db
      .selectFrom('kb_entries')
      .selectAll()
      .where('shop_id', '=', shopId)
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? toEntry(row) : undefined;
  }

  /** Creates an entry; returns undefined when the id is already taken. */
  async create(shopId: string, input: KbEntryInput, now = new Date().toISOString()): Promise<KbEntry | undefined> {
    return this.db.transaction().execute(async (trx) => {
      const existing = await trx
        .selectFrom('kb_entries')
        .select('id')
        .where('shop_id', '=', shopId)
        .where('id', '=', input.id)
        .executeTakeFirst();
      if (existing) return undefined;
      const version = await this.bump(trx, shopId, 'create', input.id, now);
      const row = this.row(shopId, input, version, now, now);
      await trx.insertInto('kb_entries').values(row).execute();
      return toEntry(row);
    });
  }

  /** Replaces the given fields of an entry; returns undefined when it does not exist. */
  async update(
    shopId: string,
    id: string,
    patch: Partial<Omit<KbEntryInput, 'id' | 'kind'>>,
    now = new Date().toISOString(),
  ): Promise<KbEntry | undefined> {
    return this.db.transaction().execute(async (trx) => {
      const current = await trx
        .selectFrom('kb_entries')
        .selectAll()
        .where('shop_id', '=', shopId)
        .where('id', '=', id)
        .executeTakeFirst();
      if (!current) return undefined;
      const merged = { ...toEntry(current), ...patch };
      // A patch that changes nothing (an empty body, the same text again) keeps the version.
      const unchanged = this.row(shopId, merged, current.version, current.created_at, current.updated_at);
      const changed = (['title', 'body', 'category', 'alternatives', 'source'] as const).some((field) => unchanged[field] !== current[field]);
      if (!changed) return toEntry(current);
      const version = await this.bump(trx, shopId, 'update', id, now);
      const row = this.row(shopId, merged, version, current.created_at, now);
      await trx
        .updateTable('kb_entries')
        .set({
          title: row.title,
          body: row.body,
          category: row.category,
          alternatives: row.alternatives,
          source: row.source,
          version,
          updated_at: now,
        })
        .where('shop_id', '=', shopId)
        .where('id', '=', id)
        .execute();
      return toEntry(row);
    });
  }

  /** Deletes an entry; returns false when it did not exist. */
  async delete(shopId: string, id: string, now = new Date().toISOString()): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const result = await trx.deleteFrom('kb_entries').where('shop_id', '=', shopId).where('id', '=', id).executeTakeFirst();
      if (Number(result.numDeletedRows) === 0) return false;
      await this.bump(trx, shopId, 'delete', id, now);
      return true;
    });
  }

  /**
   * Upserts many entries as one change (one version), e.g. a FAQ file import.
   * Entries are matched by id; stored entries missing from `inputs` stay.
   */
  async importMany(
    shopId: string,
    inputs: readonly KbEntryInput[],
    subject: string,
    now = new Date().toISOString(),
  ): Promise<{ version: number; count: number }> {
    return this.db.transaction().execute(async (trx) => {
      const version = await this.bump(trx, shopId, 'import', subject, now);
      const rows = inputs.map((input) => this.row(shopId, input, version, now, now));
      for (const batch of chunk(rows, 11)) {
        await trx
          .insertInto('kb_entries')
          .values(batch)
          .onConflict((oc) =>
            oc.columns(['shop_id', 'id']).doUpdateSet((eb) => ({
              kind: eb.ref('excluded.kind'),
              title: eb.ref('excluded.title'),
              body: eb.ref('excluded.body'),
              category: eb.ref('excluded.category'),
              alternatives: eb.ref('excluded.alternatives'),
              source: eb.ref('excluded.source'),
              version: eb.ref('excluded.version'),
              updated_at: eb.ref('excluded.updated_at'),
            })),
          )
          .execute();
      }
      return { version, count: rows.length };
    });
  }

  /** Changes newest first. */
  async changes(shopId: string, limit = 50): Promise<KbChange[]> {
    const rows = await this.db
      .selectFrom('kb_changes')
      .selectAll()
      .where('shop_id', '=', shopId)
      .orderBy('version', 'desc')
      .limit(limit)
      .execute();
    return rows.map((r) => ({ version: Number(r.version), action: r.action, subject: r.subject, changedAt: r.changed_at }));
  }

  private row(shopId: string, input: KbEntryInput, version: number, createdAt: string, updatedAt: string) {
    return {
      shop_id: shopId,
      id: input.id,
      kind: input.kind,
      title: input.title,
      body: input.body,
      category: input.category ?? '',
      alternatives: JSON.stringify(input.alternatives ?? []),
      source: input.source ?? '',
      version,
      created_at: createdAt,
      updated_at: updatedAt,
    };
  }

  private async versionIn(db: Kysely<AssistantTables>, shopId: string): Promise<number> {
    const row = await db
      .selectFrom('kb_changes')
      .select((eb) => eb.fn.max('version').as('latest'))
      .where('shop_id', '=', shopId)
      .executeTakeFirst();
    return Number(row?.latest ?? 0);
  }

  // Two writers racing for the same version collide on the kb_changes
  // primary key, so one transaction fails instead of both sharing a version.
  private async bump(
    trx: Transaction<AssistantTables>,
    shopId: string,
    action: KbChange['action'],
    subject: string,
    now: string,
  ): Promise<number> {
    const version = (await this.versionIn(trx, shopId)) + 1;
    await trx.insertInto('kb_changes').values({ shop_id: shopId, version, action, subject, changed_at: now }).execute();
    return version;
  }
}
