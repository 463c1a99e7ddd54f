import type { TokenUsage } from '../../llm/index.js';
import type { Intent } from '../dialogue/intents.js';
import type { HandoffReason } from '../tools/handoff.js';
import type { AnswerMode, ToolName } from '../turn/turn-types.js';
import type { Citation } from './sources.js';

/** One assistant reply, as the API and the CLI return it. */
export interface AssistantAnswer {
  conversationId: string;
  text: string;
  /** `rules`: tools and fixed replies; `retrieval`: FAQ and policy text; `llm`: written by the model from the cited sources. */
  mode: AnswerMode;
  intent: Intent;
  confidence: number;
  tool: ToolName;
  /** Sources cited in `text` by their `[n]` index. */
  citations: Citation[];
  /** The shop's knowledge-base version the answer was made with. */
  kbVersion: number;
  /** Order the conversation is now about. */
  orderId?: string;
  handoff?: { id: string; reason: HandoffReason; suggestedAction: string };
  /** Orders offered when the assistant asked which one is meant. */
  clarification?: { orderIds: string[] };
  llm?: {
    model: string;
    usage: TokenUsage;
    latencyMs: number;
    /** Why the model's answer was not used, when it was not. */
    fallbackReason?: string[];
  };
}

/** Events of a streamed reply: the answer text in pieces, then the whole answer. */
export type AssistantStreamEvent = { type: 'delta'; text: string } | { type: 'done'; answer: AssistantAnswer };
