import type { AssistantAnswer } from '../../src/assistant/answers/answer-types.js';
import { AssistantService } from '../../src/assistant/assistant-service.js';
import { fixedClock } from '../../src/core/clock.js';
import { createContext } from '../../src/core/context.js';
import { silentLogger } from '../../src/core/logger.js';
import { demoStoreNow, loadDemoStore } from '../../src/evaluation/assistant-demo-store.js';
import type { Store } from '../../src/store/index.js';

/** Loads the demo store into `store` as shop "demo" and returns an assistant at the demo's fixed "now". */
export async function demoAssistant(store: Store): Promise<AssistantService> {
  await loadDemoStore(store, 'demo');
  return new AssistantService({ store, logger: silentLogger(), clock: fixedClock(demoStoreNow) });
}

/** Sends the messages as one conversation of a demo shopper and returns the last answer. */
export async function askDemo(service: AssistantService, user: string, ...messages: string[]): Promise<AssistantAnswer> {
  let conversationId: string | undefined;
  let last: AssistantAnswer | undefined;
  for (const message of messages) {
    last = await service.chat(createContext('demo', { shopperId: user }), { message, ...(conversationId ? { conversationId } : {}) });
    conversationId = last.conversationId;
  }
  return last!;
}
