import { msg } from '../../core/messages.js';
import type { OrderField } from '../../store/order-repository.js';
import type { Order, OrderKind, OrderLine } from '../../store/types.js';
import { type FieldSpec, normalizeColumnName } from '../columns.js';
import { FieldReader, type MappedRow, nestedRow } from '../field-reader.js';
import { type UpdateTargets, updateFieldsOf } from '../update-fields.js';
import { isBlank, stringify } from '../values.js';

/** Columns of a flat order file: one row per order line, grouped by order_id. */
export const flatOrderFields: readonly FieldSpec[] = [
  { name: 'order_id', required: true, hints: ['订单号', '订单编号', '订单ID', '主订单编号'] },
  { name: 'user_id', required: true, hints: ['用户ID', '买家ID', '会员ID', '买家会员名'] },
  { name: 'status', required: false, hints: ['订单状态', '状态'] },
  { name: 'created_at', required: true, hints: ['下单时间', '订单创建时间', '创建时间'] },
  { name: 'paid_at', required: false, hints: ['付款时间', '支付时间'] },
  { name: 'delivered_at', required: false, hints: ['签收时间', '收货时间', '确认收货时间'] },
  { name: 'currency', required: false, hints: ['币种'] },
  { name: 'line_no', required: false, hints: ['行号', '序号'] },
  { name: 'product_id', required: true, hints: ['商品ID', '商品编号', '商品编码', '货号'] },
  { name: 'title', required: false, hints: ['商品名称', '商品标题', '宝贝标题'] },
  { name: 'quantity', required: true, hints: ['数量', '购买数量', '商品数量'] },
  { name: 'unit_price', required: true, aliases: ['price'], hints: ['单价', '价格', '商品单价'] },
  { name: 'kind', required: false, hints: ['订单类型'] },
  { name: 'receiver', required: false, hints: ['收货人', '收货人姓名'] },
  { name: 'phone', required: false, hints: ['手机', '联系电话', '收货人手机'] },
  { name: 'address', required: false, hints: ['收货地址', '地址'] },
];

/** Top-level keys of a JSONL order; snake_case and camelCase both match. */
export const nestedOrderFields: readonly FieldSpec[] = [
  { name: 'id', required: true, aliases: ['order_id'] },
  { name: 'user_id', required: true },
  { name: 'kind', required: false },
  { name: 'status', required: false },
  { name: 'total', required: false },
  { name: 'currency', required: false },
  { name: 'created_at', required: true },
  { name: 'paid_at', required: false },
  { name: 'delivered_at', required: false },
  { name: 'shipping', required: false },
  { name: 'lines', required: true },
];

/**
 * Store fields of a flat order row. Receiver, phone and address are stored
 * together as the shipping object, so a file with any of them replaces it.
 * The total is always written because the lines are.
 */
export const flatOrderUpdateTargets: UpdateTargets<OrderField> = {
  user_id: 'userId',
  kind: 'kind',
  status: 'status',
  currency: 'currency',
  created_at: 'createdAt',
  paid_at: 'paidAt',
  delivered_at: 'deliveredAt',
  receiver: 'shipping',
  phone: 'shipping',
  address: 'shipping',
  title: 'lineTitle',
};

/** Store fields of a JSONL order. The total is always written, either as given or computed from the lines. */
export const nestedOrderUpdateTargets: UpdateTargets<OrderField> = {
  user_id: 'userId',
  kind: 'kind',
  status: 'status',
  currency: 'currency',
  created_at: 'createdAt',
  paid_at: 'paidAt',
  delivered_at: 'deliveredAt',
  shipping: 'shipping',
};

const alwaysUpdated: readonly OrderField[] = ['total'];

export function flatOrderUpdateFields(row: MappedRow): OrderField[] {
  return updateFieldsOf(flatOrderUpdateTargets, row.values.keys(), alwaysUpdated);
}

/** Lists the store fields a JSONL order updates. Line titles count as present when any line has a title key. */
export function nestedOrderUpdateFields(row: MappedRow): OrderField[] {
  const lines = row.values.get('lines');
  const hasTitles = Array.isArray(lines) && lines.some((line) => typeof line === 'object' && line !== null && Object.keys(line).some((key) => lineFieldOf(key) === 'title'));
  return updateFieldsOf(nestedOrderUpdateTargets, row.values.keys(), hasTitles ? [...alwaysUpdated, 'lineTitle'] : alwaysUpdated);
}

/** The order-level fields of one row; rows of the same order should agree on them. */
export interface OrderHeader {
  userId: string;
  kind: OrderKind | null;
  status: string | null;
  currency: string | null;
  createdAt: string;
  paidAt: string | null;
  deliveredAt: string | null;
  shipping: Record<string, string>;
}

export interface OrderLineRow {
  orderId: string;
  header: OrderHeader;
  /** Null when the file has no line_no; the assembler numbers such lines in file order. */
  lineNo: number | null;
  line: Omit<OrderLine, 'lineNo'>;
}

const kindWords: Record<string, OrderKind> = {
  purchase: 'purchase',
  购买: 'purchase',
  销售: 'purchase',
  return: 'return',
  refund: 'return',
  退货: 'return',
  退款: 'return',
};

const currencyWords: Record<string, string> = { rmb: 'CNY', 人民币: 'CNY', 元: 'CNY' };

function readKind(reader: FieldReader): OrderKind | null {
  const text = reader.text('kind');
  if (text === '') return null;
  const kind = kindWords[text.toLowerCase()];
  if (!kind) reader.fail('kind', text, msg('不是订单类型；可选：purchase（购买）、return（退货）', 'is not an order kind; choose purchase or return'));
  return kind ?? null;
}

function readCurrency(reader: FieldReader): string | null {
  const text = reader.text('currency');
  if (text === '') return null;
  const code = currencyWords[text.toLowerCase()] ?? text.toUpperCase();
  if (!/^[A-Z]{3}$/.test(code)) {
    reader.fail('currency', text, msg('不是三位货币代码，请写 CNY、USD 这样的代码', 'is not a three-letter currency code; write a code such as CNY or USD'));
    return null;
  }
  return code;
}

function readHeader(reader: FieldReader): OrderHeader {
  return {
    userId: reader.id('user_id', { required: true }),
    kind: readKind(reader),
    status: reader.optionalText('status'),
    currency: readCurrency(reader),
    createdAt: reader.timestamp('created_at', { required: true }) ?? '',
    paidAt: reader.timestamp('paid_at'),
    deliveredAt: reader.timestamp('delivered_at'),
    shipping: {},
  };
}

function readFlatShipping(reader: FieldReader): Record<string, string> {
  const shipping: Record<string, string> = {};
  for (const field of ['receiver', 'phone', 'address']) {
    const text = reader.text(field);
    if (text !== '') shipping[field] = text;
  }
  return shipping;
}

/** Reads a line of order `lines` or one flat row; quantity may be negative (a returned item) but not zero. */
function readLine(reader: FieldReader): Omit<OrderLine, 'lineNo'> {
  const quantity = reader.number('quantity', { required: true });
  if (quantity === 0 && reader.has('quantity')) {
    reader.fail('quantity', reader.value('quantity'), msg('为 0；请填写购买数量，退货写负数', 'is 0; fill in the quantity bought, negative for a returned item'));
  }
  return {
    productId: reader.id('product_id', { required: true }),
    title: reader.text('title'),
    quantity,
    unitPrice: reader.number('unit_price', { required: true, min: 0 }),
  };
}

function readLineNo(reader: FieldReader): number | null {
  if (!reader.has('line_no')) return null;
  return reader.number('line_no', { integer: true, min: 1 });
}

export function readOrderLineRow(reader: FieldReader): OrderLineRow {
  return {
    orderId: reader.id('order_id', { required: true }),
    header: { ...readHeader(reader), shipping: readFlatShipping(reader) },
    lineNo: readLineNo(reader),
    line: readLine(reader),
  };
}

function roundCents(amount: number): number {
  return Math.round(amount * 100) / 100;
}

function inferStatus(kind: OrderKind, header: OrderHeader): string {
  if (kind === 'return') return 'returned';
  if (header.deliveredAt) return 'delivered';
  if (header.paidAt) return 'paid';
  return 'created';
}

/**
 * Builds the stored order. Without an explicit kind, an order is a return
 * when its id starts with `C` (the cancellation prefix of retail exports) or
 * a quantity is negative. Without a status, it follows the timestamps.
 */
export function completeOrder(id: string, header: OrderHeader, lines: OrderLine[], total?: number): Order {
  const kind = header.kind ?? (id.startsWith('C') || lines.some((line) => line.quantity < 0) ? 'return' : 'purchase');
  const sorted = [...lines].sort((a, b) => a.lineNo - b.lineNo);
  return {
    id,
    userId: header.userId,
    kind,
    status: header.status ?? inferStatus(kind, header),
    total: total ?? roundCents(sorted.reduce((sum, line) => sum + line.quantity * line.unitPrice, 0)),
    currency: header.currency ?? 'CNY',
    createdAt: header.createdAt,
    paidAt: header.paidAt,
    deliveredAt: header.deliveredAt,
    shipping: header.shipping,
    lines: sorted,
  };
}

const lineKeyAliases: Record<string, string> = { price: 'unit_price', item_id: 'product_id', sku: 'product_id' };

function lineFieldOf(key: string): string {
  const name = normalizeColumnName(key);
  return lineKeyAliases[name] ?? name;
}

function readShipping(reader: FieldReader): Record<string, string> {
  let value = reader.value('shipping');
  if (isBlank(value)) return {};
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      // Reported below as not an object.
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    reader.fail('shipping', value, msg('应是对象，例如 {"receiver":"张三","phone":"…","address":"…"}', 'must be an object such as {"receiver":"…","phone":"…","address":"…"}'));
    return {};
  }
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, stringify(item)]));
}

function readNestedLines(reader: FieldReader, row: MappedRow): OrderLine[] {
  const value = reader.value('lines');
  if (!Array.isArray(value) || value.length === 0) {
    reader.fail('lines', value, msg('应是非空数组，每项含 product_id、quantity、unit_price', 'must be a non-empty array whose items have product_id, quantity and unit_price'));
    return [];
  }
  const lines: OrderLine[] = [];
  const seen = new Set<number>();
  value.forEach((item, index) => {
    const prefix = `${row.columnOf('lines')}[${index}]`;
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      reader.fail('lines', item, msg(`中第 ${index + 1} 项不是对象`, `item ${index + 1} is not an object`));
      return;
    }
    const lineReader = new FieldReader(nestedRow(row, prefix, item as Record<string, unknown>, lineFieldOf));
    const line = readLine(lineReader);
    const lineNo = readLineNo(lineReader) ?? index + 1;
    if (seen.has(lineNo)) lineReader.fail('line_no', lineNo, msg('在同一订单中重复；每行的 line_no 应不同', 'repeats within the order; give each line its own line_no'));
    seen.add(lineNo);
    reader.issues.push(...lineReader.issues);
    lines.push({ lineNo, ...line });
  });
  return lines;
}

/** Reads one JSONL order with its `lines`. The given total is kept; without one it is computed. */
export function readNestedOrder(reader: FieldReader, row: MappedRow): Order {
  const id = reader.id('id', { required: true });
  const header = { ...readHeader(reader), shipping: readShipping(reader) };
  const lines = readNestedLines(reader, row);
  const total = reader.has('total') ? reader.number('total') : undefined;
  return completeOrder(id, header, lines, total);
}
