import type { ImportTally } from './tally.js';

// V8 Maps hold at most 2^24 entries, so ids are spread over several maps.
const entriesPerMap = 8_000_000;

/**
 * The file line of every id seen so far, for duplicate reports. This is the
 * one part of an import that grows with the file: about 110 bytes per
 * distinct 33-character id (measured on Node 20), so 10 million ids take
 * about 1.1 GB of heap.
 */
export class LineIndex {
  private readonly maps: Map<string, number>[] = [new Map()];

  get size(): number {
    return this.maps.reduce((sum, map) => sum + map.size, 0);
  }

  get(id: string): number | undefined {
    for (const map of this.maps) {
      const line = map.get(id);
      if (line !== undefined) return line;
    }
    return undefined;
  }

  set(id: string, line: number): void {
    const holder = this.maps.find((map) => map.has(id));
    if (holder) {
      holder.set(id, line);
      return;
    }
    let last = this.maps[this.maps.length - 1]!;
    if (last.size >= entriesPerMap) {
      last = new Map();
      this.maps.push(last);
    }
    last.set(id, line);
  }
}

interface PendingRecord<T, Field extends string> {
  item: T;
  updateFields: readonly Field[];
}

/** Writes records to the store. A stored record changes only in `updateFields`. */
export type UpsertBatch<T, Field extends string> = (items: T[], updateFields: readonly Field[]) => Promise<void>;

/**
 * Collects valid records by id and upserts them in batches. A later record
 * with the same id replaces the earlier one, which is reported as a
 * duplicate. Across batches the store's upsert makes the last one win too.
 * Records are written in groups that update the same fields, because JSONL
 * lines may have different keys.
 */
export class KeyedBatchSink<T, Field extends string> {
  private batch = new Map<string, PendingRecord<T, Field>>();
  private readonly lines = new LineIndex();

  constructor(
    private readonly upsert: UpsertBatch<T, Field>,
    private readonly batchSize: number,
    private readonly tally: ImportTally,
  ) {}

  /** Distinct ids written. */
  get stored(): number {
    return this.lines.size;
  }

  async add(id: string, item: T, line: number, updateFields: readonly Field[]): Promise<void> {
    const earlier = this.lines.get(id);
    if (earlier !== undefined) this.tally.duplicate({ line: earlier, id, keptLine: line });
    this.lines.set(id, line);
    // Keyed by id because PostgreSQL rejects an INSERT … ON CONFLICT
    // statement that touches the same key twice.
    this.batch.set(id, { item, updateFields });
    if (this.batch.size >= this.batchSize) await this.flush();
  }

  async finish(): Promise<void> {
    await this.flush();
  }

  private async flush(): Promise<void> {
    if (this.batch.size === 0) return;
    const pending = [...this.batch.values()];
    this.batch = new Map();
    for (const group of groupByUpdateFields(pending)) await this.upsert(group.items, group.updateFields);
    this.tally.report();
  }
}

/** Splits records into groups with the same update fields, keeping the order of first appearance. */
export function groupByUpdateFields<T, Field extends string>(records: readonly PendingRecord<T, Field>[]): { items: T[]; updateFields: readonly Field[] }[] {
  const groups = new Map<string, { items: T[]; updateFields: readonly Field[] }>();
  for (const record of records) {
    const key = record.updateFields.join(',');
    let group = groups.get(key);
    if (!group) {
      group = { items: [], updateFields: record.updateFields };
      groups.set(key, group);
    }
    group.items.push(record.item);
  }
  return [...groups.values()];
}
