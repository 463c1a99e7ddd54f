import { maskPii } from '../core/pii.js';
import type { ChatMessage } from './types.js';

export interface MaskedMessages {
  messages: ChatMessage[];
  /** Kinds of personal data that were replaced, without duplicates. */
  kinds: string[];
}

/** Masks personal data in every message of a prompt; the client calls this before each request. */
export function maskMessages(messages: readonly ChatMessage[]): MaskedMessages {
  const kinds = new Set<string>();
  const masked = messages.map((message) => {
    const result = maskPii(message.content);
    for (const kind of result.found) kinds.add(kind);
    return { role: message.role, content: result.text };
  });
  return { messages: masked, kinds: [...kinds] };
}
