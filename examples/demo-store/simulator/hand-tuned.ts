import type { Carrier } from './lifecycle.js';

/**
 * Hand-written history of the first five shoppers, so that the quick start
 * has fixed cases to show. Times are Beijing wall-clock times before
 * 2026-11-30 00:00 (the demo's "today"). An instant after that is a plan not
 * yet reached: `delivered` in the future means the parcel is still on its way.
 * The README of this folder lists what each shopper demonstrates.
 */
export interface ScriptedOrder {
  lines: readonly (readonly [productId: string, quantity: number])[];
  placed: string;
  /** Defaults to two minutes after `placed`; null means never paid. */
  paid?: string | null;
  shipped?: string;
  delivered?: string;
  cancelled?: string;
  refundRequested?: string;
  carrier?: Carrier;
}

/** A visit without an order: an optional search and the products seen, opened, favorited or carted. */
export interface ScriptedVisit {
  at: string;
  query?: string;
  views: readonly string[];
  clicks?: readonly string[];
  favorites?: readonly string[];
  carts?: readonly string[];
}

export interface ScriptedShopper {
  number: number;
  name: string;
  gender: '男' | '女';
  city: string;
  registered: string;
  persona: string;
  /** Extra generated browsing sessions without orders, so recommendations have history to use. */
  browseSessions: number;
  orders: readonly ScriptedOrder[];
  visits: readonly ScriptedVisit[];
}

export const scriptedShoppers: readonly ScriptedShopper[] = [
  {
    // Returns: one order inside the 7-day window, one only inside the 15-day quality window,
    // one beyond both, and one still in transit.
    number: 1,
    name: '林晓峰',
    gender: '男',
    city: '北京',
    registered: '2025-03-12 10:20',
    persona: 'gadget',
    browseSessions: 14,
    orders: [
      {
        lines: [
          ['SM-CAS-001', 1],
          ['SM-FLM-001', 1],
        ],
        placed: '2026-10-08 21:10',
        shipped: '2026-10-09 16:00',
        delivered: '2026-10-11 15:40',
        carrier: '中通快递',
      },
      {
        lines: [['SM-WCH-001', 1]],
        placed: '2026-11-16 20:30',
        shipped: '2026-11-17 11:00',
        delivered: '2026-11-18 16:20',
        carrier: '顺丰速运',
      },
      {
        lines: [['SM-EAR-001', 1]],
        placed: '2026-11-25 22:05',
        shipped: '2026-11-26 10:30',
        delivered: '2026-11-27 14:30',
        carrier: '顺丰速运',
      },
      {
        lines: [
          ['SM-PWB-001', 1],
          ['SM-CBL-001', 1],
        ],
        placed: '2026-11-28 09:40',
        shipped: '2026-11-28 17:50',
        delivered: '2026-11-30 15:00',
        carrier: '圆通速递',
      },
    ],
    visits: [],
  },
  {
    // Reorders formula every three to four weeks; two parcels are on the way at once.
    number: 2,
    name: '陈思雨',
    gender: '女',
    city: '上海',
    registered: '2025-07-02 09:00',
    persona: 'parent',
    browseSessions: 10,
    orders: [
      {
        lines: [
          ['SM-FML-002', 2],
          ['SM-DPR-001', 1],
        ],
        placed: '2026-09-06 21:15',
        shipped: '2026-09-07 10:00',
        delivered: '2026-09-08 11:00',
        carrier: '顺丰速运',
      },
      {
        lines: [
          ['SM-FML-002', 2],
          ['SM-WIP-001', 1],
        ],
        placed: '2026-09-28 20:40',
        shipped: '2026-09-29 09:30',
        delivered: '2026-09-30 10:10',
        carrier: '顺丰速运',
      },
      {
        lines: [
          ['SM-FML-002', 2],
          ['SM-DPR-001', 1],
        ],
        placed: '2026-10-22 21:05',
        shipped: '2026-10-23 10:00',
        delivered: '2026-10-24 12:00',
        carrier: '顺丰速运',
      },
      {
        lines: [
          ['SM-FML-002', 2],
          ['SM-DPR-002', 1],
        ],
        placed: '2026-11-11 00:20',
        shipped: '2026-11-12 18:00',
        delivered: '2026-11-13 20:00',
        carrier: '顺丰速运',
      },
      {
        lines: [['SM-FML-002', 2]],
        placed: '2026-11-27 20:00',
        shipped: '2026-11-29 14:00',
        delivered: '2026-11-30 13:00',
        carrier: '顺丰速运',
      },
      {
        lines: [
          ['SM-DPR-001', 1],
          ['SM-WIP-001', 1],
        ],
        placed: '2026-11-28 21:30',
        shipped: '2026-11-29 10:00',
        delivered: '2026-11-30 16:00',
        carrier: '中通快递',
      },
    ],
    visits: [],
  },
  {
    // A delivered order that mixes a hygiene item (lipstick) with a returnable serum.
    number: 3,
    name: '赵欣然',
    gender: '女',
    city: '广州',
    registered: '2024-11-11 12:00',
    persona: 'beauty',
    browseSessions: 12,
    orders: [
      {
        lines: [
          ['SM-SHP-001', 1],
          ['SM-SHP-002', 1],
        ],
        placed: '2026-10-15 20:20',
        shipped: '2026-10-16 15:00',
        delivered: '2026-10-18 18:00',
        carrier: '中通快递',
      },
      {
        lines: [['SM-MSK-001', 2]],
        placed: '2026-11-11 20:45',
        shipped: '2026-11-13 09:00',
        delivered: '2026-11-15 14:00',
        carrier: '圆通速递',
      },
      {
        lines: [
          ['SM-LIP-001', 1],
          ['SM-SKN-001', 1],
        ],
        placed: '2026-11-24 19:45',
        shipped: '2026-11-25 11:00',
        delivered: '2026-11-26 17:30',
        carrier: '顺丰速运',
      },
    ],
    visits: [],
  },
  {
    // Registered two days ago: a search and a few views, no orders (cold start).
    number: 4,
    name: '周子航',
    gender: '男',
    city: '成都',
    registered: '2026-11-28 20:45',
    persona: 'browser',
    browseSessions: 0,
    orders: [],
    visits: [
      { at: '2026-11-28 20:52', query: '保温杯', views: ['SM-CUP-001', 'SM-BOT-001'], clicks: ['SM-CUP-001'] },
      { at: '2026-11-29 12:10', views: ['SM-TEA-001', 'SM-CUP-001'], clicks: ['SM-CUP-001'], favorites: ['SM-CUP-001'] },
    ],
  },
  {
    // One order in each status that shoppers ask about: unpaid, awaiting shipment, refund, cancelled, completed.
    number: 5,
    name: '吴佳怡',
    gender: '女',
    city: '武汉',
    registered: '2026-02-14 19:00',
    persona: 'sporty',
    browseSessions: 12,
    orders: [
      {
        lines: [
          ['SM-TNT-001', 1],
          ['SM-TNT-002', 1],
        ],
        placed: '2026-10-02 10:15',
        shipped: '2026-10-03 14:00',
        delivered: '2026-10-04 18:00',
        carrier: '顺丰速运',
      },
      { lines: [['SM-PRO-001', 1]], placed: '2026-11-10 23:50', paid: null, cancelled: '2026-11-11 23:50' },
      {
        lines: [['SM-RUN-002', 1]],
        placed: '2026-11-20 10:00',
        shipped: '2026-11-20 18:00',
        delivered: '2026-11-21 20:00',
        refundRequested: '2026-11-24 09:30',
        carrier: '顺丰速运',
      },
      { lines: [['SM-YGA-001', 1]], placed: '2026-11-29 20:10' },
      { lines: [['SM-RUN-003', 2]], placed: '2026-11-29 22:30', paid: null, cancelled: '2026-11-30 22:30' },
    ],
    visits: [],
  },
];
