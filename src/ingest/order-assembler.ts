import type { RequestContext } from '../core/context.js';
import { msg } from '../core/messages.js';
import type { Store } from '../store/index.js';
import type { OrderField } from '../store/order-repository.js';
import type { OrderLine } from '../store/types.js';
import { rowIssue } from './field-reader.js';
import { completeOrder, type OrderHeader, type OrderLineRow } from './kinds/orders.js';
import { groupByUpdateFields } from './sinks.js';
import type { ImportTally } from './tally.js';
import type { RowIssue } from './types.js';

interface PendingLine {
  /** File line, or null for a line reloaded from the store (see `reopen`). */
  line: number | null;
  raw: string;
  data: OrderLine;
}

interface PendingOrder {
  header: OrderHeader;
  firstLine: number;
  lines: Map<number, PendingLine>;
  /** Fields a stored order takes from this one; the file's columns decide them. */
  updateFields: readonly OrderField[];
}

/** Header fields a later row may fill when the order's first row left them blank. */
function fillHeader(header: OrderHeader, later: OrderHeader): void {
  header.kind ??= later.kind;
  header.status ??= later.status;
  header.currency ??= later.currency;
  header.paidAt ??= later.paidAt;
  header.deliveredAt ??= later.deliveredAt;
  if (Object.keys(header.shipping).length === 0) header.shipping = later.shipping;
}

/**
 * Groups the rows of a flat order file into orders and upserts them in
 * batches. An order is imported whole or not at all. When one of its rows is
 * invalid, every row of that order goes to the rejects file, and importing
 * the fixed file again writes the complete order, because the store
 * replaces an order's lines on upsert.
 *
 * Rows of one order are expected next to each other. When the pending orders
 * reach the batch size, all but the order of the latest row are written. A
 * row for an order written earlier in the run reloads that order from the
 * store and adds to it.
 */
export class OrderAssembler {
  private pending = new Map<string, PendingOrder>();
  private readonly written = new Set<string>();
  /** Order id to the line of its first invalid row. */
  private readonly failed = new Map<string, number>();
  private latest: string | undefined;

  constructor(
    private readonly ctx: RequestContext,
    private readonly store: Store,
    private readonly batchSize: number,
    private readonly tally: ImportTally,
  ) {}

  /** Orders written. */
  get stored(): number {
    return this.written.size;
  }

  async add(row: OrderLineRow, line: number, raw: string, updateFields: readonly OrderField[]): Promise<void> {
    const failedAt = this.failed.get(row.orderId);
    if (failedAt !== undefined) {
      await this.tally.reject(line, raw, [this.orderSkipped(row.orderId, failedAt)]);
      return;
    }
    const order = this.pending.get(row.orderId) ?? (await this.open(row, line, updateFields));
    if (order.header.userId !== row.header.userId) {
      await this.addInvalid(row.orderId, line, raw, [
        {
          field: 'user_id',
          column: 'user_id',
          value: row.header.userId,
          message: msg(
            `列 user_id 的值 "${row.header.userId}" 与同一订单第 ${order.firstLine} 行的用户 ${order.header.userId} 不一致；同一订单的每一行应属于同一用户`,
            `column user_id value "${row.header.userId}" differs from user ${order.header.userId} on line ${order.firstLine} of the same order; every row of an order must have the same user`,
          ),
        },
      ]);
      return;
    }
    fillHeader(order.header, row.header);
    this.addLine(row, order, line, raw);
    this.latest = row.orderId;
    if (this.pending.size > this.batchSize) await this.flush(true);
  }

  /** Rejects an invalid row and, when its order id is known, the rest of that order. */
  async addInvalid(orderId: string, line: number, raw: string, issues: RowIssue[]): Promise<void> {
    if (orderId === '' || this.failed.has(orderId)) {
      await this.tally.reject(line, raw, issues);
      return;
    }
    this.failed.set(orderId, line);
    const alreadyWritten = this.written.has(orderId);
    const consequence = alreadyWritten
      ? msg(`订单 ${orderId} 前面的行已经导入，这一行没有导入；请修正后重新导入整个文件`, `the earlier rows of order ${orderId} were already imported but this one was not; fix it and import the whole file again`)
      : msg(`整个订单 ${orderId} 都没有导入`, `the whole order ${orderId} was not imported`);
    await this.tally.reject(line, raw, [...issues, rowIssue(consequence)]);

    const order = this.pending.get(orderId);
    if (!order) return;
    this.pending.delete(orderId);
    for (const pendingLine of order.lines.values()) {
      if (pendingLine.line !== null) await this.tally.reject(pendingLine.line, pendingLine.raw, [this.orderSkipped(orderId, line)]);
    }
  }

  async finish(): Promise<void> {
    await this.flush(false);
  }

  private addLine(row: OrderLineRow, order: PendingOrder, line: number, raw: string): void {
    let lineNo = row.lineNo;
    if (lineNo === null) {
      lineNo = 1;
      for (const usedLineNo of order.lines.keys()) lineNo = Math.max(lineNo, usedLineNo + 1);
    }
    const earlier = order.lines.get(lineNo);
    if (earlier) this.tally.duplicate({ line: earlier.line, id: `${row.orderId}#${lineNo}`, keptLine: line });
    order.lines.set(lineNo, { line, raw, data: { lineNo, ...row.line } });
  }

  private async open(row: OrderLineRow, line: number, updateFields: readonly OrderField[]): Promise<PendingOrder> {
    const order: PendingOrder = { header: { ...row.header }, firstLine: line, lines: new Map(), updateFields };
    if (this.written.has(row.orderId)) await this.reopen(row.orderId, order);
    this.pending.set(row.orderId, order);
    return order;
  }

  /** Loads the lines this run already wrote for the order, so the next upsert keeps them. */
  private async reopen(orderId: string, order: PendingOrder): Promise<void> {
    const stored = await this.store.orders.get(this.ctx.shopId, orderId);
    if (!stored) return;
    order.header.userId = stored.userId;
    for (const line of stored.lines) order.lines.set(line.lineNo, { line: null, raw: '', data: line });
  }

  private orderSkipped(orderId: string, invalidLine: number): RowIssue {
    return rowIssue(
      msg(
        `订单 ${orderId} 的第 ${invalidLine} 行无效，整个订单都没有导入；请修正第 ${invalidLine} 行后重新导入`,
        `line ${invalidLine} of order ${orderId} is invalid, so the whole order was not imported; fix line ${invalidLine} and import again`,
      ),
    );
  }

  /** Writes pending orders; with `keepLatest`, the order of the latest row stays open for more rows. */
  private async flush(keepLatest: boolean): Promise<void> {
    const ready = [...this.pending].filter(([id]) => !(keepLatest && id === this.latest));
    if (ready.length === 0) return;
    const orders = ready.map(([id, order]) => ({
      item: completeOrder(
        id,
        order.header,
        [...order.lines.values()].map((pendingLine) => pendingLine.data),
      ),
      updateFields: order.updateFields,
    }));
    for (const group of groupByUpdateFields(orders)) {
      await this.store.orders.upsertMany(this.ctx.shopId, group.items, { updateFields: group.updateFields });
    }
    for (const [id] of ready) {
      this.pending.delete(id);
      this.written.add(id);
    }
    this.tally.report();
  }
}
