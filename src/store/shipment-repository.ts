import type { Kysely, Selectable } from 'kysely';
import type { AssistantTables, ShipmentTable } from './assistant-schema.js';
import type { Shipment, TrackingEvent } from './assistant-types.js';
import { chunk } from './batch.js';

function parseEvents(text: string): TrackingEvent[] {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? (value as TrackingEvent[]) : [];
  } catch {
    return [];
  }
}

function toShipment(row: Selectable<ShipmentTable>): Shipment {
  return {
    orderId: row.order_id,
    carrier: row.carrier,
    trackingNo: row.tracking_no,
    status: row.status,
    events: parseEvents(row.events),
    updatedAt: row.updated_at,
  };
}

/** Shipments of orders with their tracking events, keyed by shop and tracking number. */
export class ShipmentRepository {
  constructor(private readonly db: Kysely<AssistantTables>) {}

  /** Inserts or replaces shipments by tracking number, so re-imports are idempotent. */
  async upsertMany(shopId: string, shipments: readonly Shipment[], now = new Date().toISOString()): Promise<void> {
    const rows = shipments.map((s) => ({
      shop_id: shopId,
      tracking_no: s.trackingNo,
      order_id: s.orderId,
      carrier: s.carrier,
      status: s.status,
      events: JSON.stringify([...s.events].sort((a, b) => a.time.localeCompare(b.time))),
      updated_at: now,
    }));
    for (const batch of chunk(rows, 7)) {
      await this.db
        .insertInto('shipments')
        .values(batch)
        .onConflict((oc) =>
          oc.columns(['shop_id', 'tracking_no']).doUpdateSet((eb) => ({
            order_id: eb.ref('excluded.order_id'),
            carrier: eb.ref('excluded.carrier'),
            status: eb.ref('excluded.status'),
            events: eb.ref('excluded.events'),
            updated_at: eb.ref('excluded.updated_at'),
          })),
        )
        .execute();
    }
  }

  async listForOrder(shopId: string, orderId: string): Promise<Shipment[]> {
    const rows = await this.db
      .selectFrom('shipments')
      .selectAll()
      .where('shop_id', '=', shopId)
      .where('order_id', '=', orderId)
      .orderBy('tracking_no')
      .execute();
    return rows.map(toShipment);
  }

  async listForOrders(shopId: string, orderIds: readonly string[]): Promise<Shipment[]> {
    const out: Shipment[] = [];
    for (const batch of chunk(orderIds, 1, 5_000)) {
      const rows = await this.db
        .selectFrom('shipments')
        .selectAll()
        .where('shop_id', '=', shopId)
        .where('order_id', 'in', batch)
        .execute();
      out.push(...rows.map(toShipment));
    }
    return out;
  }

  async getByTrackingNo(shopId: string, trackingNo: string): Promise<Shipment | undefined> {
    const row = await this.db
      .selectFrom('shipments')
      .selectAll()
      .where('shop_id', '=', shopId)
      .where('tracking_no', '=', trackingNo)
      .executeTakeFirst();
    return row ? toShipment(row) : undefined;
  }

  async count(shopId: string): Promise<number> {
    const row = await this.db
      .selectFrom('shipments')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('shop_id', '=', shopId)
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }
}
