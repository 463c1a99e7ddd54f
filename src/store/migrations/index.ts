import type { Migration } from 'kysely';
import { storeModel } from './0001-store-model.js';
import { assistantTables } from './0002-assistant.js';
import { eventUserOrderIndex } from './0003-event-user-order-index.js';
import { handoffTickets } from './0004-handoff-tickets.js';

/** Every migration by name; names sort in the order they must run. */
export const migrations: Record<string, Migration> = {
  '0001_store_model': storeModel,
  '0002_assistant': assistantTables,
  '0003_event_user_order_index': eventUserOrderIndex,
  '0004_handoff_tickets': handoffTickets,
};
