import type { Catalog } from './catalog.js';
import { DAY_MS, HISTORY_DAYS, HOUR_MS, MINUTE_MS, addHours, addMs, beijingTime, sampleSessionStart } from './calendar.js';
import type { ScriptedOrder, ScriptedShopper, ScriptedVisit } from './hand-tuned.js';
import { type AfterSalesWindows, type OrderPlan, planRandomOrder } from './lifecycle.js';
import { type DemoUser, cityByName, fakeShipping, generateUsers, personaByKey, userId } from './people.js';
import { type ReturnPolicy, allowsNoReasonReturn } from './policy.js';
import type { Sampler } from './sampler.js';
import type { BasketLine, BehaviourModel, RawEvent, SessionResult, ShopperState } from './sessions.js';

/** An order before it gets its id: who placed it, what it contains and what happens to it. */
export interface OrderDraft {
  user: DemoUser;
  lines: BasketLine[];
  plan: OrderPlan;
}

export interface History {
  users: DemoUser[];
  events: RawEvent[];
  orders: OrderDraft[];
}

export interface HistoryContext {
  catalog: Catalog;
  model: BehaviourModel;
  sampler: Sampler;
  policy: ReturnPolicy;
  now: Date;
}

// Sessions start at least this long before "now", so none runs past it.
const LAST_SESSION_MARGIN_MS = 3 * HOUR_MS;

/** Simulates the hand-written shoppers first, then generated shoppers up to `userCount`. */
export function simulateHistory(context: HistoryContext, scripted: readonly ScriptedShopper[], userCount: number): History {
  const builder = new HistoryBuilder(context);
  for (const shopper of scripted) builder.addScriptedShopper(shopper);
  for (const user of generateUsers(context.sampler, scripted.length + 1, userCount, context.now)) builder.addGeneratedShopper(user);
  return builder.history;
}

interface QueuedSession {
  start: Date;
  /** Set for a reorder session of this consumable. */
  reorderProductId?: string;
}

class HistoryBuilder {
  readonly history: History = { users: [], events: [], orders: [] };
  private nextSessionKey = 1;
  private readonly windows: AfterSalesWindows;
  private readonly historyStart: Date;
  private readonly lastSessionStart: Date;

  constructor(private readonly context: HistoryContext) {
    this.windows = { noReasonDays: context.policy.no_reason_return.window_days };
    this.historyStart = addMs(context.now, -HISTORY_DAYS * DAY_MS);
    this.lastSessionStart = addMs(context.now, -LAST_SESSION_MARGIN_MS);
  }

  addScriptedShopper(shopper: ScriptedShopper): void {
    const { sampler, model } = this.context;
    const city = cityByName(shopper.city);
    const user: DemoUser = {
      id: userId(shopper.number),
      name: shopper.name,
      gender: shopper.gender,
      city,
      registeredAt: beijingTime(shopper.registered),
      persona: personaByKey(shopper.persona),
      shipping: fakeShipping(shopper.number, shopper.name, city, sampler),
      plannedSessions: shopper.browseSessions,
    };
    const state: ShopperState = { user, bought: new Set() };
    this.history.users.push(user);

    for (const visit of shopper.visits) this.history.events.push(...this.scriptedVisitEvents(user, visit));
    for (const order of shopper.orders) {
      const lines = order.lines.map(([productId, quantity]) => ({ productId, quantity }));
      const plan = scriptedPlan(order, user);
      this.history.events.push(...model.scriptedPurchase(state, plan.createdAt, this.nextSessionKey++, lines));
      this.history.orders.push({ user, lines, plan });
    }

    const from = maxDate(this.historyStart, user.registeredAt);
    for (let i = 0; i < shopper.browseSessions; i++) {
      const start = sampleSessionStart(sampler, from, this.lastSessionStart);
      this.history.events.push(...model.browse(state, start, this.nextSessionKey++, false).events);
    }
  }

  /** Runs a generated shopper's sessions in time order; orders of consumables may schedule reorder sessions. */
  addGeneratedShopper(user: DemoUser): void {
    const { sampler } = this.context;
    const state: ShopperState = { user, bought: new Set() };
    this.history.users.push(user);

    const from = maxDate(this.historyStart, user.registeredAt);
    const queue: QueuedSession[] = [];
    for (let i = 0; i < user.plannedSessions; i++) queue.push({ start: sampleSessionStart(sampler, from, this.lastSessionStart) });
    queue.sort((a, b) => a.start.getTime() - b.start.getTime());

    let lastEnd = from;
    for (let session = queue.shift(); session; session = queue.shift()) {
      let start = session.start;
      if (start.getTime() < lastEnd.getTime() + 5 * MINUTE_MS) start = addMs(lastEnd, sampler.int(5, 90) * MINUTE_MS);
      if (start >= this.lastSessionStart) continue;

      const result = this.runSession(state, start, session.reorderProductId);
      this.history.events.push(...result.events);
      lastEnd = result.end;
      if (result.checkoutAt && result.basket.length > 0) {
        this.recordGeneratedOrder(user, result.basket, result.checkoutAt);
        this.queueReorders(queue, result.basket, result.checkoutAt);
      }
    }
  }

  private runSession(state: ShopperState, start: Date, reorderProductId: string | undefined): SessionResult {
    const { model, catalog } = this.context;
    const key = this.nextSessionKey++;
    if (reorderProductId) return model.replenish(state, start, key, catalog.get(reorderProductId));
    return model.browse(state, start, key, true);
  }

  private recordGeneratedOrder(user: DemoUser, lines: BasketLine[], createdAt: Date): void {
    const { catalog, policy, sampler, now } = this.context;
    const products = lines.map((line) => catalog.get(line.productId));
    const total = lines.reduce((sum, line, i) => sum + line.quantity * (products[i]?.price ?? 0), 0);
    const plan = planRandomOrder(sampler, {
      createdAt,
      now,
      total,
      distance: user.city.distance,
      returnable: products.every((product) => allowsNoReasonReturn(product, policy)),
      windows: this.windows,
    });
    this.history.orders.push({ user, lines, plan });
  }

  // Consumables come back after their usual cycle (a few weeks for formula and nappies).
  private queueReorders(queue: QueuedSession[], basket: readonly BasketLine[], boughtAt: Date): void {
    const { catalog, sampler } = this.context;
    for (const line of basket) {
      const product = catalog.get(line.productId);
      if (!product.repurchasable || !sampler.chance(catalog.reorderChanceFor(product))) continue;
      const [minDays, maxDays] = catalog.repurchaseDaysFor(product);
      const days = sampler.int(minDays, maxDays) * line.quantity ** 0.5;
      const start = addHours(boughtAt, days * 24 + sampler.between(-12, 12));
      if (start >= this.lastSessionStart) continue;
      const at = queue.findIndex((queued) => queued.start > start);
      queue.splice(at === -1 ? queue.length : at, 0, { start, reorderProductId: product.id });
    }
  }

  private scriptedVisitEvents(user: DemoUser, visit: ScriptedVisit): RawEvent[] {
    const sessionKey = this.nextSessionKey++;
    const events: RawEvent[] = [];
    let ts = beijingTime(visit.at);
    const emit = (type: RawEvent['type'], productId: string | null, query: string | null = null) => {
      events.push({ userId: user.id, productId, type, ts, sessionKey, query });
      ts = addMs(ts, this.context.sampler.int(5, 60) * 1000);
    };

    if (visit.query) emit('search', null, visit.query);
    for (const productId of visit.views) {
      this.context.catalog.get(productId);
      emit('view', productId);
      if (visit.clicks?.includes(productId)) emit('click', productId);
      if (visit.favorites?.includes(productId)) emit('favorite', productId);
      if (visit.carts?.includes(productId)) emit('add_to_cart', productId);
    }
    return events;
  }
}

/** Turns a hand-written order into a plan; the payment defaults to two minutes after placing. */
function scriptedPlan(order: ScriptedOrder, user: DemoUser): OrderPlan {
  const createdAt = beijingTime(order.placed);
  const optional = (local: string | undefined) => (local ? beijingTime(local) : null);
  const plan: OrderPlan = {
    createdAt,
    paidAt: scriptedPaidAt(order, createdAt),
    cancelledAt: optional(order.cancelled),
    shippedAt: optional(order.shipped),
    deliveredAt: optional(order.delivered),
    refundRequestedAt: optional(order.refundRequested),
    carrier: order.carrier ?? null,
  };
  if (plan.shippedAt && (!plan.carrier || !plan.paidAt || !plan.deliveredAt)) {
    throw new Error(`scripted order of ${user.id} placed ${order.placed}: a shipped order needs paid, delivered and carrier`);
  }
  return plan;
}

function scriptedPaidAt(order: ScriptedOrder, createdAt: Date): Date | null {
  if (order.paid === null) return null;
  if (order.paid) return beijingTime(order.paid);
  return addMs(createdAt, 2 * MINUTE_MS);
}

function maxDate(a: Date, b: Date): Date {
  return a > b ? a : b;
}
