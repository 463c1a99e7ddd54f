import type { KbEntryKind } from './assistant-schema.js';

export type { KbEntryKind };

export interface TrackingEvent {
  /** ISO-8601 time of the scan. */
  time: string;
  location: string;
  description: string;
}

export interface Shipment {
  orderId: string;
  carrier: string;
  trackingNo: string;
  /** Carrier status, e.g. `in_transit`, `delivered`. */
  status: string;
  /** Oldest first. */
  events: TrackingEvent[];
  updatedAt?: string;
}

export interface KbEntry {
  id: string;
  kind: KbEntryKind;
  title: string;
  body: string;
  category: string;
  alternatives: string[];
  source: string;
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** Fields a caller sets when creating or replacing an entry. */
export type KbEntryInput = Pick<KbEntry, 'id' | 'kind' | 'title' | 'body'> &
  Partial<Pick<KbEntry, 'category' | 'alternatives' | 'source'>>;

export interface KbChange {
  version: number;
  action: 'create' | 'update' | 'delete' | 'import';
  subject: string;
  changedAt: string;
}

export interface Conversation {
  id: string;
  userId: string;
  state: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
}

export interface ConversationMessage {
  seq: number;
  role: 'shopper' | 'assistant';
  text: string;
  intent: string | null;
  mode: string | null;
  payload: Record<string, unknown>;
  createdAt: string;
}

export interface HandoffRecord {
  id: string;
  conversationId: string;
  userId: string;
  reason: string;
  intent: string | null;
  orderId: string | null;
  summary: string;
  suggestedAction: string;
  status: 'open' | 'closed';
  packet: Record<string, unknown>;
  createdAt: string;
  /** Time of the latest trigger folded into the ticket, or of closing it. */
  updatedAt: string;
  /** Hand-off triggers in the conversation while this ticket was open, counting the first. */
  requestCount: number;
  closedAt: string | null;
}
