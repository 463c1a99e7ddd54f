import type { Clock } from '../../core/clock.js';
import type { RequestContext } from '../../core/context.js';
import type { AssistantRepositories } from '../../store/assistant-repositories.js';
import type { Order, Store } from '../../store/index.js';
import type { ExtractedCode } from '../../text/index.js';
import type { Source } from '../answers/sources.js';
import type { DialogueState } from '../dialogue/dialogue-state.js';
import type { IntentDecision } from '../dialogue/intent-classifier.js';
import type { Intent } from '../dialogue/intents.js';
import type { KnowledgeBase } from '../knowledge/knowledge-base.js';
import type { HandoffReason } from '../tools/handoff.js';
import type { ProductCatalog } from '../tools/product-tools.js';

/** How an answer was produced. */
export type AnswerMode = 'rules' | 'retrieval' | 'llm';

/** The tool a turn used, reported with the answer and scored by the evaluation. */
export type ToolName =
  | 'order_status'
  | 'logistics_tracking'
  | 'return_eligibility'
  | 'product_facts'
  | 'knowledge'
  | 'handoff'
  | 'refusal'
  | 'clarification'
  | 'none';

export interface TurnDeps {
  store: Store;
  repositories: AssistantRepositories;
  knowledge: KnowledgeBase;
  catalog: ProductCatalog;
  clock: Clock;
  /** Lowest retrieval score (0..1) an FAQ or policy answer needs. */
  minKnowledgeScore: number;
}

/** Everything one turn works with; built once per message. */
export interface TurnInput {
  ctx: RequestContext;
  shopperId: string;
  message: string;
  codes: ExtractedCode[];
  decision: IntentDecision;
  state: DialogueState;
  orders: Order[];
  now: Date;
}

/** The result of one turn before any LLM rewriting. */
export interface TurnOutcome {
  intent: Intent;
  confidence: number;
  tool: ToolName;
  mode: Exclude<AnswerMode, 'llm'>;
  /** Answer text with `[n]` markers into `sources`. */
  text: string;
  sources: Source[];
  /** True when an LLM may write the answer from `sources` instead. */
  llmEligible: boolean;
  /** False when the assistant could not help; consecutive failures lead to a hand-off. */
  resolved: boolean;
  /** The order the answer is about; becomes the order in focus. */
  order?: Order;
  productId?: string;
  /** Set when the assistant asked which order is meant. */
  clarifyOrderIds?: string[];
  handoff?: { reason: HandoffReason; findings: string[] };
}
