/**
 * Table types shared by both dialects. Timestamps are ISO-8601 UTC strings
 * (they sort as text in SQLite and PostgreSQL alike); JSON columns hold text.
 */
export interface ShopTable {
  id: string;
  name: string;
  created_at: string;
}

export interface ProductTable {
  shop_id: string;
  id: string;
  title: string;
  description: string;
  /** Category levels joined with " > ", e.g. "数码 > 耳机". */
  category_path: string;
  brand: string;
  price: number;
  stock: number;
  /** 1 when the product is on shelf and may be shown. */
  on_shelf: number;
  /** JSON object of attribute name to value. */
  attributes: string;
  /** 1 when buying it again is normal (consumables), so it may be recommended after purchase. */
  repurchasable: number;
  created_at: string;
  updated_at: string;
}

export interface UserTable {
  shop_id: string;
  id: string;
  name: string;
  gender: string;
  city: string;
  registered_at: string | null;
  attributes: string;
  updated_at: string;
}

export type EventType = 'view' | 'click' | 'favorite' | 'add_to_cart' | 'purchase' | 'search';

export interface EventTable {
  shop_id: string;
  /** Caller-given id, or a content hash when the source has none, so re-imports upsert. */
  id: string;
  user_id: string;
  product_id: string | null;
  type: EventType;
  ts: string;
  session_id: string | null;
  query: string | null;
}

export type OrderKind = 'purchase' | 'return';

export interface OrderTable {
  shop_id: string;
  id: string;
  user_id: string;
  kind: OrderKind;
  status: string;
  total: number;
  currency: string;
  created_at: string;
  paid_at: string | null;
  delivered_at: string | null;
  /** JSON: receiver name, phone and address. Personal data: never logged unmasked. */
  shipping: string;
  updated_at: string;
}

export interface OrderLineTable {
  shop_id: string;
  order_id: string;
  line_no: number;
  product_id: string;
  title: string;
  quantity: number;
  unit_price: number;
}

export interface ModelVersionTable {
  shop_id: string;
  kind: string;
  version: string;
  path: string;
  metrics: string;
  created_at: string;
  active: number;
}

export interface Database {
  shops: ShopTable;
  products: ProductTable;
  users: UserTable;
  events: EventTable;
  orders: OrderTable;
  order_lines: OrderLineTable;
  model_versions: ModelVersionTable;
}
