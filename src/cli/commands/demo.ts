import { randomBytes } from 'node:crypto';
import type { Command } from 'commander';
import { fixedClock } from '../../core/clock.js';
import { redactUrl } from '../../core/config.js';
import { createContext } from '../../core/context.js';
import { createLogger } from '../../core/logger.js';
import { msg } from '../../core/messages.js';
import { buildApp } from '../../server/app.js';
import { createServices } from '../../server/services.js';
import { demoNow, demoNowLabel, loadDemoStore } from '../demo/demo-store.js';
import { showExampleRequests } from '../demo/example-requests.js';
import { listenOrExplain } from '../listen.js';
import { globalOverrides } from '../options.js';
import { action, openRuntime, say } from '../runtime.js';

interface DemoOptions {
  port?: string;
  serve: boolean;
}

export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description('一键体验：导入演示店铺、训练、启动 API 并演示请求 / load the demo store, train, serve the API and show example requests')
    .option('--port <port>', '端口 / port (default SHOPMIND_PORT or 3000)')
    .option('--no-serve', '演示完请求后退出，不继续提供服务 / exit after the example requests')
    .action(
      action(async (options: DemoOptions, command: Command) => {
        const runtime = await openRuntime({ defaultShop: 'demo', ...globalOverrides(command), ...(options.port ? { port: Number(options.port) } : {}) });
        const { config, store } = runtime;
        const shopId = config.defaultShop;
        const logger = createLogger(process.env.SHOPMIND_LOG_LEVEL ?? 'warn', process.stderr as never);
        // The demo's orders and parcels are dated around its own "today", so the assistant answers as of that day.
        const services = createServices({ config, store, logger, clock: fixedClock(demoNow) });
        const app = await buildApp({ config, store, logger, services });
        // Listening first makes a busy port fail before the slower import and training.
        const address = await listenOrExplain(app, config.port, config.host);

        say(msg(`1/3 导入演示店铺「商智小铺」到 ${redactUrl(config.databaseUrl)}`, `1/3 Loading the demo store into ${redactUrl(config.databaseUrl)}`));
        await loadDemoStore({ store, config, logger }, shopId);

        say(msg('2/3 训练推荐模型', '2/3 Training the recommendation model'));
        const trained = await services.recommend.train(createContext(shopId));
        say(
          msg(
            `  ${trained.model.stats.items} 个商品、${trained.model.stats.users} 位顾客、${trained.events} 条行为，用时 ${trained.seconds} 秒`,
            `  ${trained.model.stats.items} products, ${trained.model.stats.users} shoppers, ${trained.events} events in ${trained.seconds} s`,
          ),
        );

        say(msg(`3/3 API 已启动：${address}（接口文档 ${address}/docs）`, `3/3 API listening on ${address} (docs at ${address}/docs)`));
        say(msg(`   智能客服按演示数据的“今天”作答：${demoNowLabel}`, `   The assistant answers as of the demo data's "today": ${demoNowLabel}`));
        // A fresh visitor id per run keeps the cold-start example cold when the demo is run again.
        await showExampleRequests(address, shopId, `visitor-${randomBytes(3).toString('hex')}`);

        if (!options.serve) {
          await app.close();
          await runtime.close();
          return;
        }
        say(msg('服务继续运行中，按 Ctrl+C 停止。', 'Still serving; press Ctrl+C to stop.'));
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
