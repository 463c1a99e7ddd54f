import type { FastifyInstance } from 'fastify';
import type { AppOptions } from '../../app.js';

/** Registers every /v1 route group. */
export async function registerV1Routes(app: FastifyInstance, options: AppOptions): Promise<void> {
  void app;
  void options;
}
