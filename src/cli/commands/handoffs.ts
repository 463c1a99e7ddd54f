import type { Command } from 'commander';
import { AssistantService } from '../../assistant/assistant-service.js';
import { formatDateTime } from '../../assistant/tools/display-format.js';
import { type HandoffReason, handoffReasonLabels } from '../../assistant/tools/handoff.js';
import { invalidRequest } from '../../core/errors.js';
import { msg } from '../../core/messages.js';
import type { HandoffRecord } from '../../store/assistant-repositories.js';
import { globalOverrides } from '../options.js';
import { action, openRuntime, say } from '../runtime.js';

const statusChoices = ['open', 'closed', 'all'] as const;
type StatusChoice = (typeof statusChoices)[number];

const statusLabels: Record<HandoffRecord['status'], string> = { open: '待处理 open', closed: '已关闭 closed' };

function parseStatus(value: string): StatusChoice {
  if ((statusChoices as readonly string[]).includes(value)) return value as StatusChoice;
  throw invalidRequest(
    `--status ${value} 无效：可选 ${statusChoices.join('、')}`,
    `--status ${value} is invalid; choose one of ${statusChoices.join(', ')}`,
  );
}

function parseLimit(value: string): number {
  const limit = Number(value);
  if (Number.isInteger(limit) && limit >= 1 && limit <= 500) return limit;
  throw invalidRequest(`--limit ${value} 无效：请写 1 到 500 之间的整数`, `--limit ${value} is invalid; write a whole number from 1 to 500`);
}

function reasonLabel(reason: string): string {
  return reason in handoffReasonLabels ? handoffReasonLabels[reason as HandoffReason] : reason;
}

// Prints one ticket: a line of key facts, the suggested action, and the closing time once closed. Times are Beijing time.
function printTicket(ticket: HandoffRecord): void {
  const facts = [
    ticket.id,
    statusLabels[ticket.status],
    reasonLabel(ticket.reason),
    `${ticket.requestCount} 次 / times`,
    `顾客 user ${ticket.userId}`,
    `订单 order ${ticket.orderId ?? '-'}`,
    `更新 updated ${formatDateTime(ticket.updatedAt)}`,
  ];
  process.stdout.write(`${facts.join('\t')}\n`);
  process.stdout.write(`  建议 suggested: ${ticket.suggestedAction}\n`);
  if (ticket.closedAt) process.stdout.write(`  关闭 closed: ${formatDateTime(ticket.closedAt)}\n`);
}

/** `handoffs list` and `handoffs close <id>`: the hand-off tickets human agents work through. */
export function registerHandoffCommands(program: Command): void {
  const handoffs = program.command('handoffs').description('转人工工单 / hand-off tickets for human agents');

  handoffs
    .command('list')
    .description('列出转人工工单，最新的在前，时间为北京时间 / list hand-off tickets, newest first, times in Beijing time')
    .option('--status <status>', '工单状态：open、closed 或 all / ticket status: open, closed or all', 'open')
    .option('--limit <n>', '最多列出几张（1–500） / maximum number of tickets listed (1-500)', '100')
    .action(
      action(async (options: { status: string; limit: string }, command: Command) => {
        const status = parseStatus(options.status);
        const limit = parseLimit(options.limit);
        const runtime = await openRuntime(globalOverrides(command));
        try {
          const shopId = runtime.config.defaultShop;
          const service = new AssistantService({ store: runtime.store, logger: runtime.logger });
          const tickets = await service.listHandoffs(shopId, { ...(status === 'all' ? {} : { status }), limit });
          const statusWord = status === 'all' ? msg('', '') : status === 'open' ? msg('待处理的', 'open ') : msg('已关闭的', 'closed ');
          say(msg(`店铺 ${shopId}：${tickets.length} 张${statusWord.zh}工单`, `Shop ${shopId}: ${tickets.length} ${statusWord.en}ticket(s)`));
          for (const ticket of tickets) printTicket(ticket);
        } finally {
          await runtime.close();
        }
      }),
    );

  handoffs
    .command('close <id>')
    .description('关闭一张工单；重复关闭不报错 / close a ticket; closing it again is not an error')
    .action(
      action(async (id: string, _options: unknown, command: Command) => {
        const runtime = await openRuntime(globalOverrides(command));
        try {
          const shopId = runtime.config.defaultShop;
          const service = new AssistantService({ store: runtime.store, logger: runtime.logger });
          const { record, changed } = await service.closeHandoff(shopId, id);
          const closedAt = formatDateTime(record.closedAt);
          if (changed) {
            say(msg(`已关闭工单 ${record.id}（顾客 ${record.userId}），关闭时间 ${closedAt}（北京时间）`, `Closed ticket ${record.id} (shopper ${record.userId}) at ${closedAt} Beijing time`));
          } else {
            say(msg(`工单 ${record.id} 已在 ${closedAt}（北京时间）关闭，未作改动`, `Ticket ${record.id} was already closed at ${closedAt} Beijing time; nothing changed`));
          }
        } finally {
          await runtime.close();
        }
      }),
    );
}
