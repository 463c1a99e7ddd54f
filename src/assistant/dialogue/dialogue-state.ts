import type { Intent } from './intents.js';

/** A question the assistant asked and is waiting for the shopper to answer. */
export interface PendingClarification {
  intent: Intent;
  /** Order ids offered, in the order they were listed. */
  orderIds: string[];
  /** The shopper message that needed clarifying, replayed once the order is known. */
  message: string;
}

/** What the assistant remembers between turns of one conversation. */
export interface DialogueState {
  /** The order the conversation is about, so "那它什么时候到？" resolves. */
  focusOrderId?: string;
  focusProductId?: string;
  lastIntent?: Intent;
  pending?: PendingClarification;
  /** Consecutive turns the assistant could not answer. */
  failures: number;
  /** Id of the hand-off once one was made. */
  handoffId?: string;
}

export function emptyDialogueState(): DialogueState {
  return { failures: 0 };
}

/** Reads stored state leniently: unknown or malformed fields are dropped. */
export function readDialogueState(stored: Record<string, unknown>): DialogueState {
  const state = emptyDialogueState();
  if (typeof stored.focusOrderId === 'string') state.focusOrderId = stored.focusOrderId;
  if (typeof stored.focusProductId === 'string') state.focusProductId = stored.focusProductId;
  if (typeof stored.lastIntent === 'string') state.lastIntent = stored.lastIntent as Intent;
  if (typeof stored.failures === 'number' && Number.isFinite(stored.failures)) state.failures = stored.failures;
  if (typeof stored.handoffId === 'string') state.handoffId = stored.handoffId;
  const pending = stored.pending as Partial<PendingClarification> | undefined;
  if (pending && typeof pending.intent === 'string' && Array.isArray(pending.orderIds) && typeof pending.message === 'string') {
    state.pending = { intent: pending.intent, orderIds: pending.orderIds.map(String), message: pending.message };
  }
  return state;
}
