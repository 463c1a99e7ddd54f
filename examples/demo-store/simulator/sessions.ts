import type { Catalog, DemoProduct } from './catalog.js';
import { SOLD_OUT_FROM, addMs } from './calendar.js';
import type { DemoUser } from './people.js';
import type { Sampler } from './sampler.js';

export type EventType = 'view' | 'click' | 'favorite' | 'add_to_cart' | 'purchase' | 'search';

/** A behaviour event before ids are assigned; `sessionKey` is unique per simulated session. */
export interface RawEvent {
  userId: string;
  productId: string | null;
  type: EventType;
  ts: Date;
  sessionKey: number;
  query: string | null;
}

export interface BasketLine {
  productId: string;
  quantity: number;
}

export interface SessionResult {
  events: RawEvent[];
  /** Lines bought at `checkoutAt`; empty when the session ended without an order. */
  basket: BasketLine[];
  checkoutAt: Date | null;
  end: Date;
}

/** Per-shopper state that the model keeps between sessions. */
export interface ShopperState {
  user: DemoUser;
  /** Products this shopper has ordered before, so durable goods are never bought twice. */
  bought: Set<string>;
}

/**
 * Funnel rates of the browse model. A view is a product shown in a list or
 * feed, and a click opens its detail page. Together with companions and
 * reorders, the default seed yields about 4 purchases per 100 views.
 */
const rates = {
  search: 0.3,
  stayInSubcategory: 0.65,
  stayInCategory: 0.2,
  click: 0.26,
  clickBoostForTopCategory: 0.12,
  favorite: 0.09,
  addToCart: 0.24,
  checkout: 0.42,
  keepCartLine: 0.85,
} as const;

/** Records the events of one session while advancing its clock in whole seconds. */
class SessionLog {
  readonly events: RawEvent[] = [];
  clock: Date;

  constructor(
    private readonly userId: string,
    private readonly sessionKey: number,
    start: Date,
    private readonly sampler: Sampler,
  ) {
    this.clock = start;
  }

  emit(type: EventType, productId: string | null, query: string | null = null): void {
    this.events.push({ userId: this.userId, productId, type, ts: this.clock, sessionKey: this.sessionKey, query });
  }

  wait(minSeconds: number, maxSeconds: number): void {
    this.clock = addMs(this.clock, this.sampler.int(minSeconds, maxSeconds) * 1000);
  }
}

/** Simulates shopper sessions over the catalogue: browsing chains, funnels, co-purchases and reorders. */
export class BehaviourModel {
  constructor(
    private readonly catalog: Catalog,
    private readonly sampler: Sampler,
  ) {}

  /** True when the shopper may order the product at `at`: on shelf, in stock then, and not a durable good bought before. */
  canBuy(state: ShopperState, product: DemoProduct, at: Date): boolean {
    if (!product.onShelf) return false;
    if (product.stock === 0 && at >= SOLD_OUT_FROM) return false;
    return product.repurchasable || !state.bought.has(product.id);
  }

  /**
   * Simulates a browsing session: an optional search, then a chain of views
   * that mostly stays in one subcategory, with clicks, favorites and cart adds
   * along the way, and sometimes a checkout with co-purchased companions.
   */
  browse(state: ShopperState, start: Date, sessionKey: number, allowPurchase: boolean): SessionResult {
    const log = new SessionLog(state.user.id, sessionKey, start, this.sampler);
    let subcategory = this.pickSubcategory(state.user);

    if (this.sampler.chance(rates.search)) {
      log.emit('search', null, this.sampler.pick(this.catalog.queriesFor(subcategory)));
      log.wait(4, 15);
    }

    const seen = new Set<string>();
    const cart: DemoProduct[] = [];
    const viewCount = this.sampler.int(2, 9);
    for (let i = 0; i < viewCount; i++) {
      if (i > 0) subcategory = this.nextSubcategory(state.user, subcategory);
      const product = this.catalog.pickProduct(this.sampler, subcategory, seen);
      seen.add(product.id);
      this.viewProduct(log, state, product, cart);
    }

    if (!allowPurchase || cart.length === 0 || !this.sampler.chance(rates.checkout)) return this.finish(log, []);
    const chosen = cart.filter(() => this.sampler.chance(rates.keepCartLine));
    return this.checkout(log, state, chosen.length > 0 ? chosen : cart.slice(0, 1));
  }

  /** Simulates the reorder of a consumable: often a search, then straight to the product and the cart. */
  replenish(state: ShopperState, start: Date, sessionKey: number, product: DemoProduct): SessionResult {
    const log = new SessionLog(state.user.id, sessionKey, start, this.sampler);
    if (this.sampler.chance(0.35)) {
      log.emit('search', null, this.sampler.pick(this.catalog.queriesFor(product.categoryPath)));
      log.wait(3, 10);
    }
    if (this.sampler.chance(0.4)) {
      const other = this.catalog.pickProduct(this.sampler, product.categoryPath, new Set([product.id]));
      if (other.id !== product.id) {
        log.emit('view', other.id);
        log.wait(3, 12);
      }
    }
    log.emit('view', product.id);
    log.wait(2, 8);
    log.emit('click', product.id);
    log.wait(10, 60);
    if (!this.canBuy(state, product, log.clock) || !this.sampler.chance(0.9)) return this.finish(log, []);
    log.emit('add_to_cart', product.id);
    log.wait(2, 8);
    return this.checkout(log, state, [product]);
  }

  /**
   * Builds the events leading to a hand-written order: a few views in the same
   * subcategory, then click and cart for each line, and the purchase exactly
   * at `placedAt`.
   */
  scriptedPurchase(state: ShopperState, placedAt: Date, sessionKey: number, lines: readonly BasketLine[]): RawEvent[] {
    const log = new SessionLog(state.user.id, sessionKey, placedAt, this.sampler);
    const first = this.catalog.get((lines[0] as BasketLine).productId);
    const seen = new Set(lines.map((line) => line.productId));
    for (let i = this.sampler.int(1, 3); i > 0; i--) {
      const other = this.catalog.pickProduct(this.sampler, first.categoryPath, seen);
      seen.add(other.id);
      log.emit('view', other.id);
      log.wait(3, 20);
    }
    for (const line of lines) {
      log.emit('view', line.productId);
      log.wait(2, 10);
      log.emit('click', line.productId);
      log.wait(20, 120);
      log.emit('add_to_cart', line.productId);
      log.wait(3, 10);
    }

    // Shift the browsing so that it ends shortly before the order was placed.
    const lastTs = log.clock.getTime();
    const shift = placedAt.getTime() - this.sampler.int(30, 120) * 1000 - lastTs;
    const events = log.events.map((event) => ({ ...event, ts: addMs(event.ts, shift) }));
    for (const line of lines) {
      events.push({ userId: state.user.id, productId: line.productId, type: 'purchase', ts: placedAt, sessionKey, query: null });
      state.bought.add(line.productId);
    }
    return events;
  }

  private viewProduct(log: SessionLog, state: ShopperState, product: DemoProduct, cart: DemoProduct[]): void {
    log.emit('view', product.id);
    log.wait(2, 20);
    const topCategory = this.isTopCategory(state.user, product.category);
    if (!this.sampler.chance(rates.click + (topCategory ? rates.clickBoostForTopCategory : 0))) return;

    log.emit('click', product.id);
    log.wait(15, 150);
    if (this.sampler.chance(rates.favorite)) {
      log.emit('favorite', product.id);
      log.wait(2, 6);
    }
    const inStock = product.stock > 0 || log.clock < SOLD_OUT_FROM;
    if (inStock && this.sampler.chance(rates.addToCart)) {
      log.emit('add_to_cart', product.id);
      log.wait(2, 8);
      cart.push(product);
    }
  }

  private checkout(log: SessionLog, state: ShopperState, chosen: readonly DemoProduct[]): SessionResult {
    // A product viewed twice in one session may sit in the cart twice: order it once.
    const basket = [...new Set(chosen)].filter((product) => this.canBuy(state, product, log.clock));
    if (basket.length === 0) return this.finish(log, []);
    this.addCompanions(log, state, basket);

    log.wait(30, 240);
    const lines = basket.map((product) => ({ productId: product.id, quantity: this.sampleQuantity(product) }));
    for (const line of lines) {
      log.emit('purchase', line.productId);
      state.bought.add(line.productId);
    }
    return this.finish(log, lines);
  }

  // A shopper buying a phone case is often shown a screen protector and adds it too.
  private addCompanions(log: SessionLog, state: ShopperState, basket: DemoProduct[]): void {
    for (const product of [...basket]) {
      for (const companion of this.catalog.companionsOf(product.id)) {
        const other = this.catalog.get(companion.productId);
        if (basket.includes(other) || !this.canBuy(state, other, log.clock)) continue;
        if (!this.sampler.chance(companion.chance)) continue;
        log.emit('view', other.id);
        log.wait(2, 10);
        log.emit('click', other.id);
        log.wait(10, 60);
        log.emit('add_to_cart', other.id);
        log.wait(2, 8);
        basket.push(other);
      }
    }
  }

  private sampleQuantity(product: DemoProduct): number {
    if (!product.repurchasable) return 1;
    // One unit 70% of the time, two 25%, three 5%.
    const draw = this.sampler.uniform();
    if (draw < 0.7) return 1;
    if (draw < 0.95) return 2;
    return 3;
  }

  private finish(log: SessionLog, basket: BasketLine[]): SessionResult {
    const purchase = log.events.find((event) => event.type === 'purchase');
    return { events: log.events, basket, checkoutAt: purchase ? purchase.ts : null, end: log.clock };
  }

  private pickSubcategory(user: DemoUser): string {
    const category = this.sampler.weighted(this.catalog.categories, (c) => user.persona.categoryWeights[c] ?? 0);
    return this.sampler.weighted(this.catalog.subcategoriesOf(category), (s) => this.catalog.productsIn(s).length);
  }

  private nextSubcategory(user: DemoUser, current: string): string {
    const draw = this.sampler.uniform();
    if (draw < rates.stayInSubcategory) return current;
    if (draw < rates.stayInSubcategory + rates.stayInCategory) {
      const category = current.split(' > ')[0] as string;
      return this.sampler.pick(this.catalog.subcategoriesOf(category));
    }
    return this.pickSubcategory(user);
  }

  private isTopCategory(user: DemoUser, category: string): boolean {
    const weights = user.persona.categoryWeights;
    const top = Math.max(...Object.values(weights));
    return (weights[category] ?? 0) === top && top > 1;
  }
}
