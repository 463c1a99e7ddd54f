import { seededRandom } from '../src/core/random.js';
import type { Scene } from '../src/recommend/service.js';
import { SyntheticShop } from './synthetic-shop.js';

export type BenchRequest =
  | { kind: 'recommend'; userId: string; scene: Scene; itemId?: string; limit: number }
  | { kind: 'event'; userId: string; productId: string };

/** Shares of the request stream; the rest of the recommendation requests go to known users. */
export interface RequestMix {
  /** Share of recommendation requests for user ids the shop has never seen (cold start). */
  unknownUserShare: number;
  /** Share of all requests that post one view event instead of asking for recommendations. */
  eventShare: number;
}

export const httpMix: RequestMix = { unknownUserShare: 0.2, eventShare: 0.1 };
export const inProcessMix: RequestMix = { unknownUserShare: 0.2, eventShare: 0 };

/** Scene shares: the home feed, a product page (with that product as the anchor) and the cart. */
const sceneShares: [Scene, number][] = [
  ['home', 0.6],
  ['product_detail', 0.25],
  ['cart', 0.15],
];

export const recommendationLimit = 10;

/**
 * A seeded stream of benchmark requests over a synthetic shop: known users
 * drawn uniformly from its registered users, unknown users with fresh ids,
 * and product pages drawn by popularity.
 */
export function createRequestPicker(shop: SyntheticShop, seed: number, mix: RequestMix): () => BenchRequest {
  const random = seededRandom(seed);
  const knownUser = () => SyntheticShop.userId(Math.floor(random() * shop.userCount));
  const scene = (): Scene => {
    let r = random();
    for (const [name, share] of sceneShares) {
      if (r < share) return name;
      r -= share;
    }
    return 'home';
  };

  return () => {
    if (random() < mix.eventShare) return { kind: 'event', userId: knownUser(), productId: shop.samplePopularProduct(random) };
    const userId = random() < mix.unknownUserShare ? `N${Math.floor(random() * 1e9)}` : knownUser();
    const chosen = scene();
    if (chosen === 'product_detail') {
      return { kind: 'recommend', userId, scene: chosen, itemId: shop.samplePopularProduct(random), limit: recommendationLimit };
    }
    return { kind: 'recommend', userId, scene: chosen, limit: recommendationLimit };
  };
}
