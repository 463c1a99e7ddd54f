import { addHours } from './calendar.js';
import type { Carrier, OrderPlan } from './lifecycle.js';
import type { City } from './people.js';
import type { Sampler } from './sampler.js';

export const shipmentStages = ['已揽收', '运输中', '派送中', '已签收'] as const;
export type ShipmentStage = (typeof shipmentStages)[number];

/** One tracking update, as carriers report them. */
export interface ShipmentCheckpoint {
  time: Date;
  location: string;
  description: string;
  stage: ShipmentStage;
}

/** Fake tracking numbers in each carrier's usual shape: SF + 13 digits, 78 + 12 digits, YT + 13 digits. */
export function makeTrackingNumber(sampler: Sampler, carrier: Carrier, issued: Set<string>): string {
  for (;;) {
    const number = trackingNumberCandidate(sampler, carrier);
    if (!issued.has(number)) {
      issued.add(number);
      return number;
    }
  }
}

function trackingNumberCandidate(sampler: Sampler, carrier: Carrier): string {
  if (carrier === '顺丰速运') return `SF${sampler.digits(13)}`;
  if (carrier === '中通快递') return `78${sampler.digits(12)}`;
  return `YT${sampler.digits(13)}`;
}

const WAREHOUSE_CITY = '杭州';

/**
 * Builds the tracking history from pickup to delivery, oldest first, and
 * keeps only the checkpoints at or before `now`. The plan must be shipped.
 */
export function trackingHistory(plan: OrderPlan, destination: City, now: Date, sampler: Sampler): ShipmentCheckpoint[] {
  const { shippedAt, deliveredAt, carrier } = plan;
  if (!shippedAt || !deliveredAt || !carrier) throw new Error('trackingHistory needs a shipped order with a carrier');

  const points: ShipmentCheckpoint[] = [];
  const add = (time: Date, city: string, description: string, stage: ShipmentStage) => {
    points.push({ time, location: `${city}市`, description, stage });
  };

  add(shippedAt, WAREHOUSE_CITY, '快件已由【杭州余杭营业部】揽收', '已揽收');
  const atHub = addHours(shippedAt, sampler.between(1, 3));
  add(atHub, WAREHOUSE_CITY, '快件已到达【杭州转运中心】', '运输中');

  if (destination.name !== WAREHOUSE_CITY) addLineHaul(add, plan, destination, atHub, sampler);

  add(addHours(deliveredAt, -sampler.between(1, 3)), destination.name, `快件已到达【${destination.name}示例区营业部】，快递员正在派送，请保持电话畅通`, '派送中');
  add(deliveredAt, destination.name, sampler.pick(signOffNotes), '已签收');
  return points.filter((point) => point.time <= now);
}

const signOffNotes = ['已签收，签收人：本人', '已签收，快件已放入小区快递柜', '已签收，由门卫代收'];

// Departure from Hangzhou, an optional transfer hub, and arrival at the destination hub.
function addLineHaul(
  add: (time: Date, city: string, description: string, stage: ShipmentStage) => void,
  plan: OrderPlan,
  destination: City,
  atHub: Date,
  sampler: Sampler,
): void {
  const deliveredAt = plan.deliveredAt as Date;
  const firstStop = destination.via ?? destination.name;
  const departed = addHours(atHub, sampler.between(1, 2));
  const arrived = addHours(deliveredAt, -sampler.between(5, 8));
  add(departed, WAREHOUSE_CITY, `快件已从【杭州转运中心】发出，下一站【${firstStop}转运中心】`, '运输中');

  if (destination.via) {
    const midpoint = addHours(departed, (arrived.getTime() - departed.getTime()) / 7_200_000);
    add(midpoint, destination.via, `快件已到达【${destination.via}转运中心】`, '运输中');
    add(addHours(midpoint, sampler.between(1, 3)), destination.via, `快件已从【${destination.via}转运中心】发出，下一站【${destination.name}转运中心】`, '运输中');
  }
  add(arrived, destination.name, `快件已到达【${destination.name}转运中心】`, '运输中');
}
