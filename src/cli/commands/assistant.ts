import path from 'node:path';
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import type { AssistantAnswer } from '../../assistant/answers/answer-types.js';
import { intentLabels } from '../../assistant/dialogue/intents.js';
import { createAssistantService, importReturnPolicyFile, importShipmentsFile } from '../../assistant/index.js';
import { fixedClock } from '../../core/clock.js';
import { createContext } from '../../core/context.js';
import { isShopmindError, ShopmindError } from '../../core/errors.js';
import { fileLogger } from '../../core/logger.js';
import { msg, render } from '../../core/messages.js';
import { defaultTokenTtlSeconds, mintShopperToken } from '../../core/shopper-token.js';
import { globalOverrides } from '../options.js';
import { action, openRuntime, say, warn } from '../runtime.js';

const exitWords = new Set(['退出', 'exit', 'quit', '/exit', '/quit', '再见']);

function printAnswer(answer: AssistantAnswer): void {
  process.stdout.write(`客服：${answer.text.replaceAll('\n', '\n      ')}\n`);
  const details = [`模式 ${answer.mode}`, `意图 ${intentLabels[answer.intent]}`, `工具 ${answer.tool}`, `知识库 v${answer.kbVersion}`];
  process.stdout.write(`      〔${details.join(' · ')}〕\n`);
  for (const citation of answer.citations) {
    const version = citation.version !== undefined ? `（v${citation.version}）` : '';
    process.stdout.write(`      [${citation.index}] ${citation.title}${version}  ${citation.id}\n`);
  }
  if (answer.handoff) process.stdout.write(`      转人工 ${answer.handoff.id}：${answer.handoff.suggestedAction}\n`);
  if (answer.llm?.fallbackReason) process.stdout.write(`      未使用大模型答复，已改用规则答复：${answer.llm.fallbackReason.join('; ')}\n`);
}

function parseNow(value: string): Date {
  const at = new Date(value);
  if (!Number.isNaN(at.getTime())) return at;
  throw new ShopmindError('INVALID_REQUEST', {
    zh: `--now ${value} 不是有效时间：请写 ISO 时间，例如 2026-11-29T16:00:00Z`,
    en: `--now ${value} is not a valid time: write an ISO time such as 2026-11-29T16:00:00Z`,
  });
}

function parseTtl(value: string): number {
  const ttl = Number(value);
  if (Number.isInteger(ttl) && ttl >= 60) return ttl;
  throw new ShopmindError('INVALID_REQUEST', {
    zh: `--ttl ${value} 无效：请写不小于 60 的秒数，例如 86400`,
    en: `--ttl ${value} is invalid: write a number of seconds of at least 60, e.g. 86400`,
  });
}

function registerChat(program: Command): void {
  program
    .command('chat')
    .description('以顾客身份和智能客服对话，逐行读标准输入，可用脚本输入 / chat with the assistant as a shopper; reads lines from stdin, so it can be scripted')
    .requiredOption('--user <id>', '顾客 ID / shopper id, e.g. u001')
    .option('--now <time>', '把“现在”固定为该 ISO 时间，例如演示店铺的 2026-11-29T16:00:00Z / fix "now" to this ISO time, e.g. 2026-11-29T16:00:00Z for the demo store')
    .action(
      action(async (options: { user: string; now?: string }, command: Command) => {
        const runtime = await openRuntime(globalOverrides(command));
        try {
          const shopId = runtime.config.defaultShop;
          // Warnings (a model fallback, an encoder pause) go to a file, so they do not break up the conversation on screen.
          const logFile = path.join(runtime.config.dataDir, 'logs', 'chat.log');
          const logger = fileLogger(process.env.SHOPMIND_LOG_LEVEL ?? 'info', logFile);
          const service = createAssistantService({ ...runtime, logger, ...(options.now ? { clock: fixedClock(parseNow(options.now)) } : {}) });
          if (!(await runtime.store.users.get(shopId, options.user))) {
            warn(msg(`提示：店铺 ${shopId} 没有顾客 ${options.user}，将查不到订单`, `Note: shop ${shopId} has no shopper ${options.user}, so no orders will be found`));
          }
          const mode = service.llmEnabled ? '大模型' : '规则与检索';
          say(msg(`商智客服（店铺 ${shopId}，顾客 ${options.user}，${mode}模式）。请输入问题，输入“退出”结束。`, `shopmind assistant (shop ${shopId}, shopper ${options.user}). Type a question; type "exit" to stop.`));
          warn(msg(`日志写入 ${logFile}`, `Logs go to ${logFile}`));
          await chatLoop(async (line, conversationId) => {
            const ctx = createContext(shopId, { shopperId: options.user });
            return service.chat(ctx, { message: line, ...(conversationId ? { conversationId } : {}) });
          });
        } finally {
          await runtime.close();
        }
        // Background work (an encoder build waiting on a slow API) must not keep the ended conversation open.
        // Writes to stdout and stderr are synchronous for files, pipes and terminals on Linux, so nothing printed is lost.
        process.exit(process.exitCode ?? 0);
      }),
    );
}

async function chatLoop(ask: (line: string, conversationId: string | undefined) => Promise<AssistantAnswer>): Promise<void> {
  const interactive = Boolean(process.stdin.isTTY);
  const lines = createInterface({ input: process.stdin, terminal: interactive });
  let conversationId: string | undefined;
  const prompt = () => interactive && process.stdout.write('您：');
  prompt();
  for await (const raw of lines) {
    const line = raw.trim();
    if (line === '') {
      prompt();
      continue;
    }
    // Scripted input is not echoed by a terminal, so the transcript shows it here.
    if (!interactive) process.stdout.write(`您：${line}\n`);
    if (exitWords.has(line.toLowerCase())) break;
    try {
      const answer = await ask(line, conversationId);
      conversationId = answer.conversationId;
      printAnswer(answer);
    } catch (error) {
      if (!isShopmindError(error)) throw error;
      process.stdout.write(`客服：${render({ zh: error.messageZh, en: error.messageEn })}（${error.code}）\n`);
    }
    prompt();
  }
  lines.close();
  say(msg('对话结束。', 'Conversation ended.'));
}

function registerToken(program: Command): void {
  program
    .command('token')
    .description('签发顾客令牌，用于测试 /v1/assistant/chat / mint a shopper token for testing /v1/assistant/chat')
    .requiredOption('--user <id>', '顾客 ID / shopper id')
    .option('--ttl <seconds>', `有效期（秒） / lifetime in seconds`, String(defaultTokenTtlSeconds))
    .action(
      action(async (options: { user: string; ttl: string }, command: Command) => {
        const runtime = await openRuntime(globalOverrides(command));
        try {
          const shopId = runtime.config.defaultShop;
          const minted = mintShopperToken(runtime.config.shopperTokenSecret, { shopId, userId: options.user }, { ttlSeconds: parseTtl(options.ttl) });
          process.stdout.write(`${minted.token}\n`);
          warn(msg(`店铺 ${shopId} 顾客 ${options.user} 的令牌，${new Date(minted.expiresAt * 1000).toISOString()} 过期`, `Token for shopper ${options.user} of shop ${shopId}, expires ${new Date(minted.expiresAt * 1000).toISOString()}`));
        } finally {
          await runtime.close();
        }
      }),
    );
}

function registerKb(program: Command): void {
  const kb = program.command('kb').description('智能客服知识库：FAQ 和政策文档 / assistant knowledge base: FAQ pairs and policy documents');
  kb.command('import <path>')
    .description('导入 FAQ（.csv/.jsonl：question, answer, category, alternatives）、一篇 .md 政策或一个政策文件夹 / import FAQ pairs, one Markdown policy or a folder of them')
    .action(
      action(async (target: string, _options: unknown, command: Command) => {
        const runtime = await openRuntime(globalOverrides(command));
        try {
          const shopId = runtime.config.defaultShop;
          await runtime.store.ensureShop(shopId);
          const result = await createAssistantService(runtime).knowledge.importPath(shopId, target);
          say(msg(`已导入 ${result.faq} 条 FAQ、${result.policies} 篇政策文档（${result.files.length} 个文件），知识库版本 v${result.version}`, `Imported ${result.faq} FAQ entries and ${result.policies} policy documents from ${result.files.length} file(s); knowledge base is now v${result.version}`));
          for (const error of result.errors.slice(0, 10)) say(msg(`  跳过 ${error.file} 第 ${error.line} 行：${error.reason}`, `skipped ${error.file} line ${error.line}: ${error.reason}`));
          if (result.errors.length > 0) process.exitCode = 3;
        } finally {
          await runtime.close();
        }
      }),
    );
  kb.command('list')
    .description('列出知识库条目 / list knowledge-base entries')
    .action(
      action(async (_options: unknown, command: Command) => {
        const runtime = await openRuntime(globalOverrides(command));
        try {
          const shopId = runtime.config.defaultShop;
          const knowledge = createAssistantService(runtime).knowledge;
          say(msg(`知识库版本 v${await knowledge.version(shopId)}`, `Knowledge base v${await knowledge.version(shopId)}`));
          for (const entry of await knowledge.list(shopId)) process.stdout.write(`${entry.id}\tv${entry.version}\t${entry.title}\n`);
        } finally {
          await runtime.close();
        }
      }),
    );
}

function registerAssistantImports(program: Command): void {
  program
    .command('shipments')
    .description('物流运单 / shipments with tracking events')
    .command('import <file>')
    .description('导入 JSONL：order_id, carrier, tracking_no, status, events[{time, location, description}] / import shipments JSONL')
    .action(
      action(async (file: string, _options: unknown, command: Command) => {
        const runtime = await openRuntime(globalOverrides(command));
        try {
          const result = await importShipmentsFile(runtime.store, runtime.config.defaultShop, file);
          say(msg(`已导入 ${result.imported} 条运单`, `Imported ${result.imported} shipments`));
          for (const error of result.errors.slice(0, 10)) say(msg(`  跳过第 ${error.line} 行：${error.reason}`, `skipped line ${error.line}: ${error.reason}`));
          if (result.errors.length > 0) process.exitCode = 3;
        } finally {
          await runtime.close();
        }
      }),
    );
  program
    .command('return-policy')
    .description('退换货规则 / return and exchange rules')
    .command('import <file>')
    .description('导入退换货规则 JSON（格式见 examples/demo-store/return-policy.json） / import the return rules JSON')
    .action(
      action(async (file: string, _options: unknown, command: Command) => {
        const runtime = await openRuntime(globalOverrides(command));
        try {
          const result = await importReturnPolicyFile(runtime.store, runtime.config.defaultShop, file);
          say(msg(`已导入退换货规则 v${result.version}`, `Imported return policy v${result.version}`));
        } finally {
          await runtime.close();
        }
      }),
    );
}

/** `chat`, `token`, `kb`, `shipments import` and `return-policy import`. */
export function registerAssistantCommands(program: Command): void {
  registerChat(program);
  registerToken(program);
  registerKb(program);
  registerAssistantImports(program);
}
