import type { Clock } from '../core/clock.js';
import type { ShopmindConfig } from '../core/config.js';
import type { Logger } from '../core/logger.js';
import { createChatClient, embeddingProviderFromConfig, providerFromConfig, UsageLog } from '../llm/index.js';
import type { Store } from '../store/index.js';
import { ApiEncoder } from '../embedding/api-encoder.js';
import type { Encoder } from '../embedding/encoder.js';
import { checkLocalModelFolder, LocalModelEncoder } from '../embedding/local-model-encoder.js';
import { AssistantService } from './assistant-service.js';
import { encoderRetrieverFactory } from './knowledge/retriever-factory.js';

export type { AssistantAnswer, AssistantStreamEvent } from './answers/answer-types.js';
export type { Citation, Source } from './answers/sources.js';
export { AssistantService, type AssistantServiceOptions, type ChatRequest, type ConversationView } from './assistant-service.js';
export type { Intent } from './dialogue/intents.js';
export { maxMessageChars } from './guardrails/message-limits.js';
export { KnowledgeBase, type KnowledgeImportResult } from './knowledge/knowledge-base.js';
export { importReturnPolicyFile, importShipmentsFile } from './store-imports.js';

/**
 * Builds the assistant from the configuration. With `config.llm` set, the
 * model writes answers from masked prompts and every answer is checked.
 * Without it, answers are composed from tools, FAQ and policy text.
 */
export function createAssistantService(options: { config: ShopmindConfig; store: Store; logger: Logger; clock?: Clock }): AssistantService {
  const provider = providerFromConfig(options.config);
  const llm = provider ? createChatClient({ provider, logger: options.logger, usage: new UsageLog(options.logger) }) : undefined;
  const createEncoder = encoderFromConfig(options.config, options.logger);
  return new AssistantService({
    store: options.store,
    logger: options.logger,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(llm ? { llm } : {}),
    ...(options.config.llm ? { llmAnswerBudgetMs: options.config.llm.answerBudgetMs } : {}),
    ...(createEncoder ? { retrieverFactory: encoderRetrieverFactory(createEncoder, { logger: options.logger }) } : {}),
  });
}

/**
 * Returns a factory of the sentence encoder the configuration names: a
 * local model folder (checked now, so a wrong path fails at start-up) or an
 * embeddings API. Undefined when neither is configured.
 */
function encoderFromConfig(config: ShopmindConfig, logger: Logger): (() => Promise<Encoder>) | undefined {
  if (config.encoderDir) {
    const folder = checkLocalModelFolder(config.encoderDir);
    return () => LocalModelEncoder.load(folder);
  }
  const provider = embeddingProviderFromConfig(config);
  if (provider) return async () => new ApiEncoder({ provider, logger });
  return undefined;
}
