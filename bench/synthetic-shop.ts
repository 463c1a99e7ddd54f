import { seededRandom, shuffleInPlace } from '../src/core/random.js';
import type { Store } from '../src/store/index.js';
import { EventRepository } from '../src/store/event-repository.js';
import { ProductRepository } from '../src/store/product-repository.js';
import type { BehaviourEvent, EventType, Product, User } from '../src/store/types.js';
import { UserRepository } from '../src/store/user-repository.js';
import { catalogueWords, cities, descriptionPhrases, type SubcategoryWords, type TopCategoryWords } from './synthetic-vocabulary.js';

/** Size and seed of a synthetic shop. The same spec always gives the same shop. */
export interface SyntheticShopSpec {
  seed: number;
  products: number;
  /** Exact number of behaviour events, searches included. */
  events: number;
  /** Registered users; default one per 20 events, at least 50. */
  users?: number;
}

/** A second-level category with its products, most popular first. */
export interface SyntheticCategory {
  /** "top > sub", as the store keeps category paths. */
  path: string;
  top: TopCategoryWords;
  sub: SubcategoryWords;
  /** Index of the category with the same top level, for browsing next door. */
  topIndex: number;
  /** Product indexes in popularity order. */
  members: number[];
  /** Running sum of the members' popularity weights, for sampling. */
  cumulative: Float64Array;
}

// The last event is at this instant; events spread over the 90 days before it.
const windowEnd = Date.UTC(2026, 10, 30);
const windowMs = 90 * 86_400_000;

// Zipf exponents: how steeply popularity falls with rank.
const categoryZipf = 0.6;
const productZipf = 1.0;

// The funnel of one session: share of views that lead to a click, of clicks that lead to a cart, of carts that are bought.
const clickRate = 0.3;
const favoriteRate = 0.06;
const cartRate = 0.25;
const purchaseRate = 0.45;
const searchRate = 0.15;
// Share of sessions spent outside the user's preferred categories.
const exploreRate = 0.15;
// Share of views that wander to a sibling category of the same top level.
const siblingRate = 0.1;
const maxSessionsPerUser = 200;

function pick<T>(items: readonly T[], random: () => number): T {
  return items[Math.floor(random() * items.length)]!;
}

/** Index into a running sum of weights by binary search. */
function sampleCumulative(cumulative: Float64Array, random: () => number): number {
  const target = random() * cumulative[cumulative.length - 1]!;
  let low = 0;
  let high = cumulative.length - 1;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (cumulative[middle]! > target) high = middle;
    else low = middle + 1;
  }
  return low;
}

function zipfCumulative(count: number, exponent: number): Float64Array {
  const cumulative = new Float64Array(count);
  let sum = 0;
  for (let rank = 0; rank < count; rank++) {
    sum += 1 / (rank + 1) ** exponent;
    cumulative[rank] = sum;
  }
  return cumulative;
}

/** Draws a roughly normal number (sum of three uniforms) with mean 0 and standard deviation 1. */
function roughNormal(random: () => number): number {
  return (random() + random() + random() - 1.5) * 2;
}

function pad(n: number): string {
  return String(n).padStart(7, '0');
}

/**
 * A seeded synthetic shop: a catalogue with two-level categories and
 * power-law popularity, users with preferred categories, and sessions of
 * views, clicks, favourites, carts and purchases. Products and users are
 * built up front; events are produced in batches, so millions of them never
 * sit in memory at once.
 */
export class SyntheticShop {
  readonly userCount: number;
  readonly categories: SyntheticCategory[];
  readonly products: Product[];
  private readonly categoryCumulative: Float64Array;
  private readonly siblingsByTop = new Map<number, SyntheticCategory[]>();
  /** Up to three preferred category indexes per user; -1 marks an unused slot. */
  private readonly preferences: Int16Array;
  /** Planned sessions per user, heavy-tailed. */
  private readonly activity: Uint16Array;

  constructor(readonly spec: SyntheticShopSpec) {
    this.userCount = spec.users ?? Math.max(50, Math.floor(spec.events / 20));
    if (spec.products < 1 || spec.events < 0 || this.userCount < 1) {
      throw new RangeError(`invalid synthetic shop size: ${JSON.stringify(spec)}; products and users must be at least 1`);
    }
    const random = seededRandom(spec.seed);
    this.categories = this.buildCategories(random);
    for (const category of this.categories) {
      const siblings = this.siblingsByTop.get(category.topIndex) ?? [];
      siblings.push(category);
      this.siblingsByTop.set(category.topIndex, siblings);
    }
    this.categoryCumulative = zipfCumulative(this.categories.length, categoryZipf);
    this.products = this.buildProducts(random);
    this.preferences = new Int16Array(this.userCount * 3).fill(-1);
    this.activity = new Uint16Array(this.userCount);
    this.planUsers(seededRandom(spec.seed + 1));
  }

  static productId(index: number): string {
    return `P${pad(index)}`;
  }

  static userId(index: number): string {
    return `U${pad(index)}`;
  }

  /** Builds the registered users, in id order. */
  users(): User[] {
    const random = seededRandom(this.spec.seed + 2);
    const users: User[] = [];
    for (let u = 0; u < this.userCount; u++) {
      const registered = windowEnd - Math.floor(random() * 2 * 365 * 86_400_000);
      users.push({
        id: SyntheticShop.userId(u),
        name: `用户${u}`,
        gender: pick(['男', '女', ''], random),
        city: pick(cities, random),
        registeredAt: new Date(registered).toISOString(),
        attributes: {},
      });
    }
    return users;
  }

  /** Yields exactly `spec.events` events in batches of `batchSize`, session by session. */
  *eventBatches(batchSize: number): Generator<BehaviourEvent[]> {
    const random = seededRandom(this.spec.seed + 3);
    const maxActivity = this.activity.reduce((max, a) => Math.max(max, a), 1);
    const emitter = new EventEmitterBuffer(this.spec.events, batchSize);
    // Every user gets a session in round 0; active users keep going in later rounds.
    for (let round = 0; !emitter.full; round = (round + 1) % maxActivity) {
      for (let u = 0; u < this.userCount && !emitter.full; u++) {
        if (round >= this.activity[u]!) continue;
        this.session(u, emitter, random);
        yield* emitter.drain(false);
      }
    }
    yield* emitter.drain(true);
  }

  /** Draws a product id by popularity across the whole catalogue. */
  samplePopularProduct(random: () => number): string {
    const category = this.categories[sampleCumulative(this.categoryCumulative, random)]!;
    return SyntheticShop.productId(category.members[sampleCumulative(category.cumulative, random)]!);
  }

  private buildCategories(random: () => number): SyntheticCategory[] {
    const categories: SyntheticCategory[] = [];
    catalogueWords.forEach((top, topIndex) => {
      for (const sub of top.subcategories) {
        categories.push({ path: `${top.name} > ${sub.name}`, top, sub, topIndex, members: [], cumulative: new Float64Array(0) });
      }
    });
    // Popularity rank of a category is random, not the order of the word list.
    return shuffleInPlace(categories, random);
  }

  private buildProducts(random: () => number): Product[] {
    const weights = zipfCumulative(this.categories.length, categoryZipf);
    const products: Product[] = [];
    for (let i = 0; i < this.spec.products; i++) {
      // The first products seed every category, so none is empty.
      const categoryIndex = i < this.categories.length ? i : sampleCumulative(weights, random);
      const category = this.categories[categoryIndex]!;
      category.members.push(i);
      products.push(this.buildProduct(i, category, random));
    }
    for (const category of this.categories) {
      shuffleInPlace(category.members, random);
      category.cumulative = zipfCumulative(category.members.length, productZipf);
    }
    return products;
  }

  private buildProduct(index: number, category: SyntheticCategory, random: () => number): Product {
    const { top, sub } = category;
    const brand = top.brands[Math.min(top.brands.length - 1, Math.floor(random() ** 2 * top.brands.length))]!;
    const first = pick(top.features, random);
    const second = random() < 0.5 ? pick(top.features, random) : '';
    const word = pick(sub.products, random);
    const spec = pick(top.specs, random);
    const features = second && second !== first ? `${first}${second}` : first;
    return {
      id: SyntheticShop.productId(index),
      title: `${brand}${features}${word} ${spec}`,
      description: `${brand}${word}，${features}，${spec}，${pick(descriptionPhrases, random)}。`,
      categoryPath: category.path,
      brand,
      price: Math.max(1, Math.round(top.basePrice * Math.exp(0.5 * roughNormal(random)) * 100) / 100),
      stock: random() < 0.03 ? 0 : 1 + Math.floor(random() * 500),
      onShelf: random() >= 0.03,
      attributes: { 规格: spec },
      repurchasable: top.repurchasable,
    };
  }

  private planUsers(random: () => number): void {
    for (let u = 0; u < this.userCount; u++) {
      const count = 1 + Math.floor(random() * 3);
      for (let k = 0; k < count; k++) this.preferences[u * 3 + k] = sampleCumulative(this.categoryCumulative, random);
      // Pareto with shape 1.2: most users come once or twice, a few come back very often.
      this.activity[u] = Math.min(maxSessionsPerUser, Math.floor(1 / (1 - random()) ** (1 / 1.2)));
    }
  }

  private sessionCategory(user: number, random: () => number): SyntheticCategory {
    if (random() >= exploreRate) {
      const slots = [0, 1, 2].map((k) => this.preferences[user * 3 + k]!).filter((c) => c >= 0);
      if (slots.length > 0) return this.categories[pick(slots, random)]!;
    }
    return this.categories[sampleCumulative(this.categoryCumulative, random)]!;
  }

  private sampleProduct(category: SyntheticCategory, random: () => number): number {
    let from = category;
    if (random() < siblingRate) from = pick(this.siblingsByTop.get(category.topIndex)!, random);
    return from.members[sampleCumulative(from.cumulative, random)]!;
  }

  private session(user: number, emitter: EventEmitterBuffer, random: () => number): void {
    const category = this.sessionCategory(user, random);
    const userId = SyntheticShop.userId(user);
    const sessionId = `S${emitter.nextSessionId()}`;
    let time = windowEnd - Math.floor(random() * windowMs);
    const emit = (type: EventType, product: number | null, query: string | null) => {
      time += 5_000 + Math.floor(random() * 175_000);
      emitter.push({
        id: '',
        userId,
        productId: product === null ? null : SyntheticShop.productId(product),
        type,
        ts: new Date(time).toISOString(),
        sessionId,
        query,
      });
    };

    if (random() < searchRate) emit('search', null, pick(category.sub.products, random));
    // Geometric number of views, mean about 3.5, at most 12.
    const views = Math.min(12, 1 + Math.floor(-Math.log(1 - random()) * 2.5));
    const carted: number[] = [];
    for (let v = 0; v < views; v++) {
      const product = this.sampleProduct(category, random);
      emit('view', product, null);
      if (random() >= clickRate) continue;
      emit('click', product, null);
      if (random() < favoriteRate) emit('favorite', product, null);
      if (random() < cartRate) {
        emit('add_to_cart', product, null);
        carted.push(product);
      }
    }
    for (const product of carted) if (random() < purchaseRate) emit('purchase', product, null);
  }
}

/** Collects events into batches and stops accepting them at the target count. */
class EventEmitterBuffer {
  private batch: BehaviourEvent[] = [];
  private emitted = 0;
  private sessions = 0;

  constructor(
    private readonly target: number,
    private readonly batchSize: number,
  ) {}

  get full(): boolean {
    return this.emitted >= this.target;
  }

  nextSessionId(): number {
    return this.sessions++;
  }

  push(event: BehaviourEvent): void {
    if (this.full) return;
    event.id = `E${this.emitted++}`;
    this.batch.push(event);
  }

  *drain(all: boolean): Generator<BehaviourEvent[]> {
    while (this.batch.length >= this.batchSize || (all && this.batch.length > 0)) {
      yield this.batch.splice(0, this.batchSize);
    }
  }
}

export interface WriteTimings {
  productsSeconds: number;
  usersSeconds: number;
  eventsSeconds: number;
  events: number;
}

export interface WriteOptions {
  /** Events per transaction; default 20,000. */
  eventBatchSize?: number;
  onProgress?: (eventsWritten: number) => void;
}

// The import writes 2000 rows per batch, each with its own update time; products do the same here.
const productBatchSize = 2000;
const userBatchSize = 10_000;

function secondsSince(start: number): number {
  return (performance.now() - start) / 1000;
}

/**
 * Writes the shop into the store through the repositories' `upsertMany`,
 * one transaction per batch (an explicit transaction spares SQLite a
 * journal commit per statement).
 */
export async function writeSyntheticShop(store: Store, shopId: string, shop: SyntheticShop, options: WriteOptions = {}): Promise<WriteTimings> {
  await store.ensureShop(shopId);
  const inTransaction = (write: (trx: Store['db']) => Promise<void>) => store.db.transaction().execute(write);

  let start = performance.now();
  for (let i = 0; i < shop.products.length; i += productBatchSize) {
    const batch = shop.products.slice(i, i + productBatchSize);
    await inTransaction((trx) => new ProductRepository(trx).upsertMany(shopId, batch));
  }
  const productsSeconds = secondsSince(start);

  start = performance.now();
  const users = shop.users();
  for (let i = 0; i < users.length; i += userBatchSize) {
    const batch = users.slice(i, i + userBatchSize);
    await inTransaction((trx) => new UserRepository(trx).upsertMany(shopId, batch));
  }
  const usersSeconds = secondsSince(start);

  start = performance.now();
  let events = 0;
  for (const batch of shop.eventBatches(options.eventBatchSize ?? 20_000)) {
    await inTransaction((trx) => new EventRepository(trx).upsertMany(shopId, batch));
    events += batch.length;
    options.onProgress?.(events);
  }
  return { productsSeconds, usersSeconds, eventsSeconds: secondsSince(start), events };
}
