import path from 'node:path';
import type { Command } from 'commander';
import { createContext } from '../../core/context.js';
import { ShopmindError } from '../../core/errors.js';
import { msg, render } from '../../core/messages.js';
import { type RecommendedItem, RecommendService, type Scene, scenes } from '../../recommend/service.js';
import { globalOverrides } from '../options.js';
import { action, type CliRuntime, openRuntime, say } from '../runtime.js';

function serviceFor(runtime: CliRuntime): RecommendService {
  return new RecommendService({ store: runtime.store, logger: runtime.logger, modelDir: path.join(runtime.config.dataDir, 'models') });
}

function parseLimit(value: string): number {
  const limit = Number(value);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
    throw new ShopmindError('INVALID_REQUEST', {
      zh: `--limit=${value} 无效，请给 1 到 100 之间的整数`,
      en: `--limit=${value} is invalid; give an integer from 1 to 100`,
    });
  }
  return limit;
}

/** Prints items as a numbered list with price and reason, Chinese first. */
export function printItems(items: readonly RecommendedItem[]): void {
  items.forEach((item, i) => {
    process.stdout.write(
      `${String(i + 1).padStart(2)}. ${item.title}  ¥${item.price}  [${item.product_id}]\n    ${render(msg('理由', 'Reason'))}: ${render(item.reason)}\n`,
    );
  });
}

async function withRuntime(command: Command, run: (runtime: CliRuntime) => Promise<void>): Promise<void> {
  const runtime = await openRuntime(globalOverrides(command));
  try {
    await run(runtime);
  } finally {
    await runtime.close();
  }
}

export function registerRecommendCommands(program: Command): void {
  program
    .command('train')
    .description('训练推荐模型（在验证集上调权重，完成后立即生效）/ train the recommendation model (weights tuned on a validation split)')
    .option('--json', '输出 JSON / print JSON')
    .action(
      action(async (options: { json?: boolean }, command: Command) => {
        await withRuntime(command, async (runtime) => {
          const ctx = createContext(runtime.config.defaultShop);
          const result = await serviceFor(runtime).train(ctx);
          const stats = result.model.stats;
          if (options.json) {
            process.stdout.write(
              `${JSON.stringify({ shop: ctx.shopId, model_version: result.model.version, path: result.path, events: result.events, users: stats.users, items: stats.items, tuned: result.tuned, weights: result.model.weights, validation: stats.validation ?? null, seconds: result.seconds })}\n`,
            );
            return;
          }
          say(
            msg(
              `训练完成：店铺 ${ctx.shopId}，${stats.items} 个商品，${stats.users} 位用户，${result.events} 条行为，用时 ${result.seconds} 秒`,
              `Trained shop ${ctx.shopId}: ${stats.items} products, ${stats.users} users, ${result.events} events in ${result.seconds} s`,
            ),
          );
          if (result.unknownProductEvents > 0) {
            say(msg(`跳过 ${result.unknownProductEvents} 条商品不在目录中的行为`, `Skipped ${result.unknownProductEvents} events whose product is not in the catalogue`));
          }
          say(
            result.tuned
              ? msg(
                  `融合权重已在 ${result.validationCases} 个验证样本上调优：NDCG@10 ${stats.validation?.ndcg10_default?.toFixed(4)} → ${stats.validation?.ndcg10_tuned?.toFixed(4)}`,
                  `Blend weights tuned on ${result.validationCases} validation cases: NDCG@10 ${stats.validation?.ndcg10_default?.toFixed(4)} → ${stats.validation?.ndcg10_tuned?.toFixed(4)}`,
                )
              : msg('验证样本不足 30 个，使用默认融合权重', 'Fewer than 30 validation cases; default blend weights kept'),
          );
          say(msg(`模型版本 ${result.model.version} 已生效：${result.path}`, `Model ${result.model.version} is now active: ${result.path}`));
        });
      }),
    );

  program
    .command('recommend')
    .description('为用户生成推荐（猜你喜欢）/ recommend products for a user')
    .requiredOption('--user <id>', '用户 ID / user id')
    .option('--limit <n>', '数量 / number of items', '10')
    .option('--scene <scene>', `场景 / scene: ${scenes.join(', ')}`, 'home')
    .option('--item <id>', '当前商品（详情页）/ product on screen (product_detail)')
    .option('--json', '输出 JSON / print JSON')
    .action(
      action(async (options: { user: string; limit: string; scene: string; item?: string; json?: boolean }, command: Command) => {
        if (!scenes.includes(options.scene as Scene)) {
          throw new ShopmindError('INVALID_REQUEST', {
            zh: `--scene=${options.scene} 无效，可选：${scenes.join('、')}`,
            en: `--scene=${options.scene} is invalid; choose one of: ${scenes.join(', ')}`,
          });
        }
        const limit = parseLimit(options.limit);
        await withRuntime(command, async (runtime) => {
          const ctx = createContext(runtime.config.defaultShop);
          const result = await serviceFor(runtime).recommend(ctx, options.user, {
            limit,
            scene: options.scene as Scene,
            ...(options.item ? { itemId: options.item } : {}),
          });
          if (options.json) {
            process.stdout.write(`${JSON.stringify(result)}\n`);
            return;
          }
          say(
            result.mode === 'cold-start'
              ? msg(`用户 ${options.user} 没有行为记录，给出新客推荐：`, `User ${options.user} has no behaviour yet; cold-start picks:`)
              : msg(`为用户 ${options.user} 推荐：`, `Recommendations for user ${options.user}:`),
          );
          printItems(result.items);
        });
      }),
    );

  program
    .command('similar')
    .description('查找相似商品 / find similar products')
    .requiredOption('--item <id>', '商品 ID / product id')
    .option('--limit <n>', '数量 / number of items', '10')
    .option('--json', '输出 JSON / print JSON')
    .action(
      action(async (options: { item: string; limit: string; json?: boolean }, command: Command) => {
        const limit = parseLimit(options.limit);
        await withRuntime(command, async (runtime) => {
          const result = await serviceFor(runtime).similar(createContext(runtime.config.defaultShop), options.item, limit);
          if (options.json) {
            process.stdout.write(`${JSON.stringify(result)}\n`);
            return;
          }
          say(msg(`与 ${options.item} 相似的商品：`, `Products similar to ${options.item}:`));
          printItems(result.items);
        });
      }),
    );
}
