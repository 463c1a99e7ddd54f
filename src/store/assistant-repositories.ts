import type { Kysely } from 'kysely';
import type { AssistantTables } from './assistant-schema.js';
import { ConversationRepository } from './conversation-repository.js';
import { HandoffRepository } from './handoff-repository.js';
import type { Store } from './index.js';
import { KbRepository } from './kb-repository.js';
import { ReturnPolicyRepository } from './return-policy-repository.js';
import { ShipmentRepository } from './shipment-repository.js';

export type { AssistantTables } from './assistant-schema.js';
export * from './assistant-types.js';
export type { NewConversationMessage } from './conversation-repository.js';
export type { ClosedHandoff, OpenedHandoff } from './handoff-repository.js';
export type { StoredReturnPolicy } from './return-policy-repository.js';

/** Repositories of the assistant's tables (migrations 0002 and 0004), built on a store's connection. */
export class AssistantRepositories {
  readonly shipments: ShipmentRepository;
  readonly kb: KbRepository;
  readonly returnPolicies: ReturnPolicyRepository;
  readonly conversations: ConversationRepository;
  readonly handoffs: HandoffRepository;

  constructor(db: Kysely<AssistantTables>) {
    this.shipments = new ShipmentRepository(db);
    this.kb = new KbRepository(db);
    this.returnPolicies = new ReturnPolicyRepository(db);
    this.conversations = new ConversationRepository(db);
    this.handoffs = new HandoffRepository(db);
  }
}

const cache = new WeakMap<Store, AssistantRepositories>();

/** The assistant repositories of `store`, made once per store. */
export function assistantRepositories(store: Store): AssistantRepositories {
  let repositories = cache.get(store);
  if (!repositories) {
    repositories = new AssistantRepositories(store.db.withTables<AssistantTables>());
    cache.set(store, repositories);
  }
  return repositories;
}
