import { readOnlineRetail } from '../../ingest/adapters/online-retail.js';
import { SequenceBuilder, type UserSequence } from '../../recommend/interactions.js';
import type { TrainingItem } from '../../recommend/train.js';
import type { ValidationCase } from '../../recommend/tuning.js';
import { historyOf, type RecommendSplit } from './split.js';

const dayMs = 86_400_000;

interface Purchase {
  user: string;
  item: number;
  time: number;
}

function sequencesBefore(purchases: readonly Purchase[], end: number): UserSequence[] {
  const builder = new SequenceBuilder();
  for (const p of purchases) if (p.time < end) builder.add(p.user, p.item, 'purchase', p.time);
  return builder.build();
}

/** Cases for users with history before `start` who bought items in [start, end) they had not bought before. */
function casesFor(purchases: readonly Purchase[], train: readonly UserSequence[], start: number, end: number): ValidationCase[] {
  const byUser = new Map(train.map((seq) => [seq.userId, seq]));
  const targets = new Map<string, Set<number>>();
  for (const p of purchases) {
    if (p.time < start || p.time >= end) continue;
    const seq = byUser.get(p.user);
    if (!seq || seq.items.includes(p.item)) continue;
    const set = targets.get(p.user) ?? new Set<number>();
    set.add(p.item);
    targets.set(p.user, set);
  }
  return [...targets.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([user, set]) => {
      const seq = byUser.get(user)!;
      return { history: historyOf(seq), targets: set, exclude: new Set(seq.items) };
    });
}

/**
 * Time split: the last 30 days are the test period; targets are the
 * products each user bought then and had not bought before. The 30 days
 * before that are the validation period for tuning.
 */
export function onlineRetailSplit(file: string): RecommendSplit {
  const data = readOnlineRetail(file);
  const items: TrainingItem[] = data.products.map((p) => ({
    id: p.id,
    title: p.title,
    categoryPath: '',
    description: p.description,
    brand: '',
    attributes: {},
  }));
  const index = new Map(items.map((item, i) => [item.id, i]));
  const purchases: Purchase[] = data.events
    .map((e) => ({ user: e.userId, item: index.get(e.productId ?? '') ?? -1, time: Date.parse(e.ts) }))
    .filter((p) => p.item >= 0)
    .sort((a, b) => a.time - b.time);

  const last = purchases[purchases.length - 1]?.time ?? 0;
  const testStart = last - 30 * dayMs;
  const validationStart = testStart - 30 * dayMs;
  const validationTrain = sequencesBefore(purchases, validationStart);
  const testTrain = sequencesBefore(purchases, testStart);

  return {
    dataset: 'online-retail',
    protocol: `time split: test = purchases in the last 30 days (from ${new Date(testStart).toISOString()}), targets = products a user bought then and never before, users with earlier purchases only; validation = the 30 days before, trained on everything earlier; ranking over all products, the user's earlier purchases excluded; returns (C invoices, negative quantities) and non-product codes are not purchases`,
    items,
    validation: { train: validationTrain, cases: casesFor(purchases, validationTrain, validationStart, testStart) },
    test: { train: testTrain, cases: casesFor(purchases, testTrain, testStart, Number.POSITIVE_INFINITY) },
  };
}
