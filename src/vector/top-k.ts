export interface ScoredIndex {
  index: number;
  score: number;
}

/** Keeps the k highest scores seen, in a min-heap; `sorted()` returns them best first. */
export class TopK {
  private readonly heap: ScoredIndex[] = [];

  constructor(private readonly k: number) {}

  push(index: number, score: number): void {
    if (this.k <= 0) return;
    if (this.heap.length < this.k) {
      this.heap.push({ index, score });
      this.siftUp(this.heap.length - 1);
    } else if (score > this.heap[0]!.score) {
      this.heap[0] = { index, score };
      this.siftDown(0);
    }
  }

  get size(): number {
    return this.heap.length;
  }

  /** Lowest score kept so far, or -Infinity while fewer than k are kept. */
  get threshold(): number {
    return this.heap.length < this.k ? Number.NEGATIVE_INFINITY : this.heap[0]!.score;
  }

  sorted(): ScoredIndex[] {
    return [...this.heap].sort((a, b) => b.score - a.score || a.index - b.index);
  }

  private siftUp(i: number): void {
    const heap = this.heap;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (heap[parent]!.score <= heap[i]!.score) return;
      [heap[parent], heap[i]] = [heap[i]!, heap[parent]!];
      i = parent;
    }
  }

  private siftDown(i: number): void {
    const heap = this.heap;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let smallest = i;
      if (left < heap.length && heap[left]!.score < heap[smallest]!.score) smallest = left;
      if (right < heap.length && heap[right]!.score < heap[smallest]!.score) smallest = right;
      if (smallest === i) return;
      [heap[smallest], heap[i]] = [heap[i]!, heap[smallest]!];
      i = smallest;
    }
  }
}
