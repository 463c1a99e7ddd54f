import type { FastifyInstance } from 'fastify';
import type { AppOptions } from '../../app.js';
import { registerAssistantRoutes } from './assistant.js';
import { registerImportRoutes } from './import.js';
import { registerRecommendRoutes } from './recommend.js';

/** Registers every /v1 route group. */
export async function registerV1Routes(app: FastifyInstance, options: AppOptions): Promise<void> {
  void app;
  void options;
  await registerImportRoutes(app, options);
  await registerRecommendRoutes(app, options);
  await registerAssistantRoutes(app, options);
}
