/**
 * Tables of the customer-service assistant (migrations 0002 and 0004). Repositories
 * reach them through `db.withTables<AssistantTables>()`.
 */
export interface ShipmentTable {
  shop_id: string;
  tracking_no: string;
  order_id: string;
  carrier: string;
  status: string;
  /** JSON array of `{time, location, description}`, oldest first. */
  events: string;
  updated_at: string;
}

export type KbEntryKind = 'faq' | 'policy';

export interface KbEntryTable {
  shop_id: string;
  id: string;
  kind: KbEntryKind;
  /** FAQ question or policy document title. */
  title: string;
  /** FAQ answer or the policy document's Markdown. */
  body: string;
  category: string;
  /** JSON array of other phrasings of an FAQ question. */
  alternatives: string;
  /** File or API call the entry came from. */
  source: string;
  /** Knowledge-base version of the entry's latest change. */
  version: number;
  created_at: string;
  updated_at: string;
}

export interface KbChangeTable {
  shop_id: string;
  /** The shop's knowledge-base version this change produced; counts up from 1. */
  version: number;
  action: 'create' | 'update' | 'delete' | 'import';
  /** Entry id, or the imported file for `import`. */
  subject: string;
  changed_at: string;
}

export interface ReturnPolicyTable {
  shop_id: string;
  /** JSON of `ReturnPolicy` (src/assistant/tools/return-policy.ts). */
  rules: string;
  source: string;
  updated_at: string;
}

export interface ConversationTable {
  shop_id: string;
  id: string;
  user_id: string;
  /** JSON of the dialogue state (order or product in focus, pending question, failures). */
  state: string;
  created_at: string;
  updated_at: string;
}

export interface ConversationMessageTable {
  shop_id: string;
  conversation_id: string;
  seq: number;
  role: 'shopper' | 'assistant';
  /** Message text with personal data masked. */
  text: string;
  intent: string | null;
  mode: string | null;
  /** JSON: citations, tool results and hand-off id of an assistant turn. */
  payload: string;
  created_at: string;
}

export interface HandoffTable {
  shop_id: string;
  id: string;
  conversation_id: string;
  user_id: string;
  reason: string;
  intent: string | null;
  order_id: string | null;
  summary: string;
  suggested_action: string;
  status: 'open' | 'closed';
  /** JSON of the whole hand-off packet. */
  packet: string;
  created_at: string;
  /** Time of the latest trigger folded into the ticket, or of closing it (migration 0004). */
  updated_at: string;
  /** Hand-off triggers in the conversation while this ticket was open, counting the first (migration 0004). */
  request_count: number;
  closed_at: string | null;
}

// A type alias rather than an interface, because `withTables` needs an index-compatible type.
export type AssistantTables = {
  shipments: ShipmentTable;
  kb_entries: KbEntryTable;
  kb_changes: KbChangeTable;
  return_policies: ReturnPolicyTable;
  conversations: ConversationTable;
  conversation_messages: ConversationMessageTable;
  handoffs: HandoffTable;
};
