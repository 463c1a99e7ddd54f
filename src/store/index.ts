import { EventRepository } from './event-repository.js';
import { type StoreDatabase, migrateToLatest, openDatabase } from './database.js';
import { ModelVersionRepository } from './model-version-repository.js';
import { OrderRepository } from './order-repository.js';
import { ProductRepository } from './product-repository.js';
import { UserRepository } from './user-repository.js';

export * from './types.js';
export type { Database } from './schema.js';
export type { ModelVersion } from './model-version-repository.js';

/** The repositories of one database, each scoped by shop id on every call. */
export class Store {
  readonly products: ProductRepository;
  readonly users: UserRepository;
  readonly events: EventRepository;
  readonly orders: OrderRepository;
  readonly modelVersions: ModelVersionRepository;

  constructor(readonly database: StoreDatabase) {
    this.products = new ProductRepository(database.db);
    this.users = new UserRepository(database.db);
    this.events = new EventRepository(database.db);
    this.orders = new OrderRepository(database.db);
    this.modelVersions = new ModelVersionRepository(database.db);
  }

  get db() {
    return this.database.db;
  }

  get dialect() {
    return this.database.dialect;
  }

  async ensureShop(shopId: string, name = shopId): Promise<void> {
    await this.db
      .insertInto('shops')
      .values({ id: shopId, name, created_at: new Date().toISOString() })
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
  }

  close(): Promise<void> {
    return this.database.close();
  }
}

/** Opens the database named by `databaseUrl` and brings its schema up to date. */
export async function openStore(databaseUrl: string): Promise<Store> {
  const database = openDatabase(databaseUrl);
  await migrateToLatest(database.db);
  return new Store(database);
}
