/**
 * Engine services the routes call. Each feature adds its service here, so
 * routes stay thin: parse, call one service function, shape the reply.
 */
import path from 'node:path';
import type { AssistantService } from '../assistant/assistant-service.js';
import { createAssistantService } from '../assistant/index.js';
import type { Clock } from '../core/clock.js';
import type { ShopmindConfig } from '../core/config.js';
import type { Logger } from '../core/logger.js';
import { RecommendService, type RecommendServiceOptions } from '../recommend/service.js';
import type { Store } from '../store/index.js';

export type AppServices = {
  /** Recommendations, similar items, behaviour events and training. */
  recommend: RecommendService;
  /** Customer-service assistant; its routes answer INTERNAL when it is absent. */
  assistant?: AssistantService;
};

export interface ServiceDependencies {
  config: ShopmindConfig;
  store: Store;
  logger: Logger;
  /** Time source of the assistant (return windows, parcel ages); the system clock by default. */
  clock?: Clock;
  /** Runner for background training jobs; in-process by default (see `RecommendServiceOptions.runTraining`). */
  runTraining?: RecommendServiceOptions['runTraining'];
}

/** Builds every engine service from the config, store and logger. */
export function createServices({ config, store, logger, clock, runTraining }: ServiceDependencies): AppServices {
  return {
    recommend: new RecommendService({ store, logger, modelDir: path.join(config.dataDir, 'models'), ...(runTraining ? { runTraining } : {}) }),
    assistant: createAssistantService({ config, store, logger, ...(clock ? { clock } : {}) }),
  };
}
