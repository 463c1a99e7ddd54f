import type { EventType, OrderKind } from './schema.js';

/** A product as engines and importers see it (attributes parsed). */
export interface Product {
  id: string;
  title: string;
  description: string;
  categoryPath: string;
  brand: string;
  price: number;
  stock: number;
  onShelf: boolean;
  attributes: Record<string, string>;
  repurchasable: boolean;
  updatedAt?: string;
}

export interface User {
  id: string;
  name: string;
  gender: string;
  city: string;
  registeredAt: string | null;
  attributes: Record<string, string>;
}

export interface BehaviourEvent {
  id: string;
  userId: string;
  productId: string | null;
  type: EventType;
  /** ISO-8601 UTC timestamp. */
  ts: string;
  sessionId: string | null;
  query: string | null;
}

export interface OrderLine {
  lineNo: number;
  productId: string;
  title: string;
  quantity: number;
  unitPrice: number;
}

export interface Order {
  id: string;
  userId: string;
  kind: OrderKind;
  status: string;
  total: number;
  currency: string;
  createdAt: string;
  paidAt: string | null;
  deliveredAt: string | null;
  shipping: Record<string, string>;
  lines: OrderLine[];
}

export const eventTypes: readonly EventType[] = ['view', 'click', 'favorite', 'add_to_cart', 'purchase', 'search'];
export type { EventType, OrderKind };
