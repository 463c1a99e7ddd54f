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

/**
 * Collects valid records by id and upserts them in batches. A later record
 * with the same id replaces the earlier one, which is reported as a
 * duplicate. Across batches the store's upsert makes the last one win too.
 */
export class KeyedBatchSink<T> {
  private batch = new Map<string, T>();
  private readonly lines = new LineIndex();

  constructor(
    private readonly upsert: (items: T[]) => Promise<void>,
    private readonly batchSize: number,
    private readonly tally: ImportTally,
  ) {}

  /** Distinct ids written. */
  get stored(): number {
    return this.lines.size;
  }

  async add(id: string, item: T, line: number): Promise<void> {
    const earlier = this.lines.get(id);
    if (earlier !== undefined) this.tally.duplicate({ line: earlier, id, keptLine: line });
    this.lines.set(id, line);
    // Keyed by id because PostgreSQL rejects an INSERT … ON CONFLICT
    // statement that touches the same key twice.
    this.batch.set(id, item);
    if (this.batch.size >= this.batchSize) await this.flush();
  }

  async finish(): Promise<void> {
    await this.flush();
  }

  private async flush(): Promise<void> {
    if (this.batch.size === 0) return;
    const items = [...this.batch.values()];
    this.batch = new Map();
    await this.upsert(items);
    this.tally.report();
  }
}
