import type { EventType } from '../store/types.js';

/** How much one event says about interest, by type. A search has no item and is not counted. */
export const eventTypeWeight: Record<EventType, number> = {
  view: 1,
  click: 1.5,
  favorite: 2.5,
  add_to_cart: 3,
  purchase: 4,
  search: 0,
};

export const eventTypeCode: Record<EventType, number> = {
  view: 0,
  click: 1,
  favorite: 2,
  add_to_cart: 3,
  purchase: 4,
  search: 5,
};

export const eventTypeByCode: EventType[] = ['view', 'click', 'favorite', 'add_to_cart', 'purchase', 'search'];

/** One user's item interactions in time order, as item indexes into the catalogue. */
export interface UserSequence {
  userId: string;
  items: Uint32Array;
  types: Uint8Array;
  /** Epoch milliseconds; all zero when the source has order but no times. */
  times: Float64Array;
}

/** One item interaction of the user whose recommendations are being computed. */
export interface HistoryEntry {
  item: number;
  type: EventType;
  /** Epoch milliseconds. */
  time: number;
}

/** Builds UserSequences from time-ordered (user, item, type, time) rows. */
export class SequenceBuilder {
  private readonly byUser = new Map<string, { items: number[]; types: number[]; times: number[] }>();

  add(userId: string, item: number, type: EventType, time: number): void {
    if (type === 'search') return;
    let row = this.byUser.get(userId);
    if (!row) {
      row = { items: [], types: [], times: [] };
      this.byUser.set(userId, row);
    }
    row.items.push(item);
    row.types.push(eventTypeCode[type]);
    row.times.push(time);
  }

  build(): UserSequence[] {
    return [...this.byUser.entries()].map(([userId, row]) => ({
      userId,
      items: Uint32Array.from(row.items),
      types: Uint8Array.from(row.types),
      times: Float64Array.from(row.times),
    }));
  }
}
