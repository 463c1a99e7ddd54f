import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { ShopmindConfig } from '../core/config.js';
import type { Logger } from '../core/logger.js';
import type { Store } from '../store/index.js';
import { answerUnparsableRequest, handleError, notFoundHandler } from './errors.js';
import { registerV1Routes } from './routes/v1/index.js';
import type { AppServices } from './services.js';

export interface AppOptions {
  config: ShopmindConfig;
  store: Store;
  logger: Logger;
  services: AppServices;
}

export type App = FastifyInstance;


/** Builds the HTTP app without listening, so tests can call `app.inject()`. */
export async function buildApp(options: AppOptions): Promise<App> {
  const app = Fastify({
    loggerInstance: options.logger as FastifyBaseLogger,
    bodyLimit: 50 * 1024 * 1024,
    clientErrorHandler: answerUnparsableRequest,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(handleError);
  app.setNotFoundHandler(notFoundHandler);

  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'shopmind API',
        description: '商智 shopmind：推荐、智能客服、用户画像、营销与商品文案 / recommendations, customer service, profiles, marketing and copy',
        version: '0.1.0',
      },
      components: {
        securitySchemes: {
          apiKey: { type: 'http', scheme: 'bearer', description: 'SHOPMIND_API_KEY (operator routes)' },
          shopperToken: { type: 'http', scheme: 'bearer', description: 'Signed shopper token (assistant routes)' },
        },
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  app.get('/health', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  await app.register(async (v1) => registerV1Routes(v1, options), { prefix: '/v1' });
  return app as unknown as App;
}
