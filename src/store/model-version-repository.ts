import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

export interface ModelVersion {
  kind: string;
  version: string;
  path: string;
  metrics: Record<string, unknown>;
  createdAt: string;
  active: boolean;
}

/** Registry of trained artefacts; exactly one version per shop and kind is active. */
export class ModelVersionRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Records a new version and makes it the active one in one transaction. */
  async activate(shopId: string, version: Omit<ModelVersion, 'active'>): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.updateTable('model_versions').set({ active: 0 }).where('shop_id', '=', shopId).where('kind', '=', version.kind).execute();
      await trx
        .insertInto('model_versions')
        .values({
          shop_id: shopId,
          kind: version.kind,
          version: version.version,
          path: version.path,
          metrics: JSON.stringify(version.metrics),
          created_at: version.createdAt,
          active: 1,
        })
        .execute();
    });
  }

  async active(shopId: string, kind: string): Promise<ModelVersion | undefined> {
    const row = await this.db
      .selectFrom('model_versions')
      .selectAll()
      .where('shop_id', '=', shopId)
      .where('kind', '=', kind)
      .where('active', '=', 1)
      .executeTakeFirst();
    if (!row) return undefined;
    return {
      kind: row.kind,
      version: row.version,
      path: row.path,
      metrics: JSON.parse(row.metrics) as Record<string, unknown>,
      createdAt: row.created_at,
      active: true,
    };
  }
}
