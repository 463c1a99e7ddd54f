import type { Command } from 'commander';
import { createLogger } from '../../core/logger.js';
import { msg } from '../../core/messages.js';
import { buildApp } from '../../server/app.js';
import { createServices } from '../../server/services.js';
import { childProcessTrainer } from '../child-trainer.js';
import { listenOrExplain } from '../listen.js';
import { globalOverrides } from '../options.js';
import { action, openRuntime, say, warn } from '../runtime.js';

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('启动 HTTP API（OpenAPI 文档在 /docs）/ start the HTTP API (OpenAPI docs at /docs)')
    .option('--port <port>', '端口 / port (default SHOPMIND_PORT or 3000)')
    .option('--host <host>', '监听地址 / listen address (default SHOPMIND_HOST or 127.0.0.1)')
    .action(
      action(async (options: { port?: string; host?: string }, command: Command) => {
        const runtime = await openRuntime({
          ...globalOverrides(command),
          ...(options.port ? { port: Number(options.port) } : {}),
          ...(options.host ? { host: options.host } : {}),
        });
        const { config, store } = runtime;
        const logger = createLogger(config.logLevel);
        if (!config.apiKey && config.host !== '127.0.0.1' && config.host !== 'localhost') {
          warn(
            msg(
              `警告：监听 ${config.host} 但未设置 SHOPMIND_API_KEY，运营接口只接受本机请求`,
              `Warning: listening on ${config.host} without SHOPMIND_API_KEY; operator routes accept loopback callers only`,
            ),
          );
        }
        const app = await buildApp({ config, store, logger, services: createServices({ config, store, logger, runTraining: childProcessTrainer(config) }) });
        const address = await listenOrExplain(app, config.port, config.host);
        say(msg(`shopmind 已启动：${address}（接口文档 ${address}/docs），按 Ctrl+C 停止`, `shopmind is listening on ${address} (API docs at ${address}/docs); press Ctrl+C to stop`));
        const stop = async () => {
          await app.close();
          await runtime.close();
          process.exit(0);
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      }),
    );
}
