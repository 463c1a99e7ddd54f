import { describe, expect, it } from 'vitest';
import { forEachNeighbor, packNeighbors } from '../src/recommend/neighbor-list.js';

describe('packNeighbors', () => {
  it('keeps item ranges aligned across items with no pairs', () => {
    const rows: (Map<number, number> | undefined)[] = new Array(4);
    rows[0] = new Map([[1, 1]]);
    rows[2] = new Map([[3, 1]]);
    rows[3] = new Map([[2, 1]]);
    const list = packNeighbors(rows, 10);
    expect(Array.from(list.offsets)).toEqual([0, 1, 1, 2, 3]);
    expect(Array.from(list.targets)).toEqual([1, 3, 2]);
    const neighborsOf = (item: number) => {
      const out: number[] = [];
      forEachNeighbor(list, item, (target) => out.push(target));
      return out;
    };
    expect(neighborsOf(1)).toEqual([]);
    expect(neighborsOf(2)).toEqual([3]);
  });

  it('keeps the k best, best first', () => {
    const list = packNeighbors([new Map([[1, 0.2], [2, 0.9], [3, 0.5]])], 2);
    expect(Array.from(list.targets)).toEqual([2, 3]);
  });
});
