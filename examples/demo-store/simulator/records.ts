import type { Catalog } from './catalog.js';
import { beijingDateKey } from './calendar.js';
import type { History, OrderDraft } from './history.js';
import { type AfterSalesWindows, type OrderStatus, shippedStatuses, statusAt } from './lifecycle.js';
import type { Sampler } from './sampler.js';
import type { EventType } from './sessions.js';
import { type ShipmentStage, makeTrackingNumber, trackingHistory } from './shipments.js';

/** A row of users.csv. */
export interface UserRow {
  id: string;
  name: string;
  gender: string;
  city: string;
  registered_at: string;
}

/** A row of user-personas.csv: the persona the simulator gave the shopper (ground truth for profiles). */
export interface PersonaRow {
  user_id: string;
  persona: string;
}

/** A row of events.csv; `product_id` is empty for searches and `query` for everything else. */
export interface EventRow {
  id: string;
  user_id: string;
  product_id: string;
  type: EventType;
  ts: string;
  session_id: string;
  query: string;
}

/** A line of orders.jsonl. */
export interface OrderRecord {
  id: string;
  user_id: string;
  status: OrderStatus;
  created_at: string;
  paid_at: string | null;
  delivered_at: string | null;
  currency: 'CNY';
  /** Sum of quantity × unit_price, before shipping fees and coupons. */
  total: number;
  shipping: { receiver: string; phone: string; address: string };
  lines: { line_no: number; product_id: string; title: string; quantity: number; unit_price: number }[];
}

/** A line of shipments.jsonl; `events` are oldest first. */
export interface ShipmentRecord {
  order_id: string;
  carrier: string;
  tracking_no: string;
  status: ShipmentStage;
  events: { time: string; location: string; description: string }[];
}

export interface DemoStore {
  users: UserRow[];
  personas: PersonaRow[];
  events: EventRow[];
  orders: OrderRecord[];
  shipments: ShipmentRecord[];
}

export interface RecordContext {
  catalog: Catalog;
  sampler: Sampler;
  windows: AfterSalesWindows;
  now: Date;
}

/** Assigns ids in time order and reads every order's status and tracking at `now`. */
export function buildRecords(history: History, context: RecordContext): DemoStore {
  const users = [...history.users].sort((a, b) => a.id.localeCompare(b.id));
  return {
    users: users.map((u) => ({
      id: u.id,
      name: u.name,
      gender: u.gender,
      city: u.city.name,
      registered_at: u.registeredAt.toISOString(),
    })),
    personas: users.map((u) => ({ user_id: u.id, persona: u.persona.label })),
    events: buildEventRows(history),
    ...buildOrderRecords(history.orders, context),
  };
}

// Event ids follow time order (ties keep generation order); session ids follow each session's first event.
function buildEventRows(history: History): EventRow[] {
  const events = [...history.events].sort((a, b) => a.ts.getTime() - b.ts.getTime());
  const sessionIds = new Map<number, string>();
  return events.map((event, index) => {
    let sessionId = sessionIds.get(event.sessionKey);
    if (!sessionId) {
      sessionId = `s${String(sessionIds.size + 1).padStart(5, '0')}`;
      sessionIds.set(event.sessionKey, sessionId);
    }
    return {
      id: `e${String(index + 1).padStart(6, '0')}`,
      user_id: event.userId,
      product_id: event.productId ?? '',
      type: event.type,
      ts: event.ts.toISOString(),
      session_id: sessionId,
      query: event.query ?? '',
    };
  });
}

// Order ids are D + Beijing date + a four-digit number counting that day's orders, e.g. D202611200001.
function buildOrderRecords(drafts: readonly OrderDraft[], context: RecordContext): Pick<DemoStore, 'orders' | 'shipments'> {
  const sorted = [...drafts].sort((a, b) => a.plan.createdAt.getTime() - b.plan.createdAt.getTime());
  const perDay = new Map<string, number>();
  const trackingNumbers = new Set<string>();
  const orders: OrderRecord[] = [];
  const shipments: ShipmentRecord[] = [];

  for (const draft of sorted) {
    const day = beijingDateKey(draft.plan.createdAt);
    const count = (perDay.get(day) ?? 0) + 1;
    perDay.set(day, count);
    const order = toOrderRecord(`D${day}${String(count).padStart(4, '0')}`, draft, context);
    orders.push(order);
    if (shippedStatuses.includes(order.status)) shipments.push(toShipmentRecord(order.id, draft, context, trackingNumbers));
  }
  return { orders, shipments };
}

function toOrderRecord(id: string, draft: OrderDraft, context: RecordContext): OrderRecord {
  const { plan, user } = draft;
  const { now, catalog } = context;
  const happened = (at: Date | null) => (at && at <= now ? at.toISOString() : null);
  const lines = draft.lines.map((line, index) => {
    const product = catalog.get(line.productId);
    return { line_no: index + 1, product_id: product.id, title: product.title, quantity: line.quantity, unit_price: product.price };
  });
  const total = lines.reduce((sum, line) => sum + line.quantity * line.unit_price, 0);

  return {
    id,
    user_id: user.id,
    status: statusAt(plan, now, context.windows),
    created_at: plan.createdAt.toISOString(),
    paid_at: happened(plan.paidAt),
    delivered_at: happened(plan.deliveredAt),
    currency: 'CNY',
    total: Math.round(total * 100) / 100,
    shipping: { ...user.shipping },
    lines,
  };
}

function toShipmentRecord(orderId: string, draft: OrderDraft, context: RecordContext, issued: Set<string>): ShipmentRecord {
  const carrier = draft.plan.carrier;
  if (!carrier) throw new Error(`order ${orderId} left the warehouse but has no carrier`);
  const checkpoints = trackingHistory(draft.plan, draft.user.city, context.now, context.sampler);
  const last = checkpoints[checkpoints.length - 1];
  if (!last) throw new Error(`order ${orderId} left the warehouse but has no tracking checkpoint`);

  return {
    order_id: orderId,
    carrier,
    tracking_no: makeTrackingNumber(context.sampler, carrier, issued),
    status: last.stage,
    events: checkpoints.map((point) => ({ time: point.time.toISOString(), location: point.location, description: point.description })),
  };
}

function csvCell(value: string | number): string {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function toCsv<T extends object>(columns: readonly (keyof T & string)[], rows: readonly T[]): string {
  const lines = [columns.join(',')];
  for (const row of rows) lines.push(columns.map((column) => csvCell(row[column] as string | number)).join(','));
  return `${lines.join('\n')}\n`;
}

function toJsonl(records: readonly object[]): string {
  return records.map((record) => `${JSON.stringify(record)}\n`).join('');
}

/** Renders the generated files, keyed by file name, exactly as the simulator writes them. */
export function renderDemoStoreFiles(store: DemoStore): Record<string, string> {
  return {
    'users.csv': toCsv<UserRow>(['id', 'name', 'gender', 'city', 'registered_at'], store.users),
    'user-personas.csv': toCsv<PersonaRow>(['user_id', 'persona'], store.personas),
    'events.csv': toCsv<EventRow>(['id', 'user_id', 'product_id', 'type', 'ts', 'session_id', 'query'], store.events),
    'orders.jsonl': toJsonl(store.orders),
    'shipments.jsonl': toJsonl(store.shipments),
  };
}
