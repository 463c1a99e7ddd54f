import { readAmazonGames } from '../../ingest/adapters/amazon-games.js';
import { eventTypeCode, type UserSequence } from '../../recommend/interactions.js';
import type { TrainingItem } from '../../recommend/train.js';
import { historyOf, type RecommendSplit, truncateSequence } from './split.js';

/**
 * Leave-one-out as the files give it: the given next item is the test
 * target and the last history item is the validation target. Ranking is
 * over all items with the user's history excluded.
 */
export function amazonGamesSplit(dataDir: string): RecommendSplit {
  const data = readAmazonGames(dataDir);
  const items: TrainingItem[] = data.products.map((p) => ({
    id: p.id,
    title: p.title,
    categoryPath: '',
    description: '',
    brand: '',
    attributes: {},
  }));
  const index = new Map(items.map((item, i) => [item.id, i]));
  const purchase = eventTypeCode.purchase;

  const full: UserSequence[] = [];
  const targets: number[] = [];
  for (const s of data.sequences) {
    const ids = s.history.map((id) => index.get(id)).filter((i): i is number => i !== undefined);
    const target = index.get(s.target);
    if (target === undefined || ids.length === 0) continue;
    full.push({
      userId: s.userId,
      items: Uint32Array.from(ids),
      types: new Uint8Array(ids.length).fill(purchase),
      times: new Float64Array(ids.length),
    });
    targets.push(target);
  }

  const validationTrain = full.map((seq) => truncateSequence(seq, seq.items.length - 1));
  const validationCases = full
    .filter((seq) => seq.items.length >= 2)
    .map((seq) => ({
      history: historyOf(seq, seq.items.length - 1),
      targets: new Set([seq.items[seq.items.length - 1]!]),
      exclude: new Set(seq.items.slice(0, -1)),
    }));
  const testCases = full.map((seq, u) => ({
    history: historyOf(seq),
    targets: new Set([targets[u]!]),
    exclude: new Set(seq.items),
  }));

  return {
    dataset: 'amazon-games',
    protocol:
      'leave-one-out as given: test target = the given next item (train on full histories); validation target = last history item (train on histories without it; weights tuned there only); full ranking over all items, history excluded',
    items,
    validation: { train: validationTrain, cases: validationCases },
    test: { train: full, cases: testCases },
  };
}
