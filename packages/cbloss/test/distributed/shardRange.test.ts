import { describe, expect, it } from 'vitest';
import { shardRange } from '../../src/distributed/shardRange.js';

describe('shardRange', () => {
  it('cuts a global batch into contiguous parts in rank order', () => {
    expect(shardRange(256, 384, 0, 2)).toEqual([256, 320]);
    expect(shardRange(256, 384, 1, 2)).toEqual([320, 384]);
    expect(shardRange(80, 91, 0, 2)).toEqual([80, 85]);
    expect(shardRange(80, 91, 1, 2)).toEqual([85, 91]);
    expect(shardRange(0, 10, 0, 1)).toEqual([0, 10]);
  });

  it('covers every batch exactly once, with parts differing by at most one (also fewer examples than ranks)', () => {
    for (const worldSize of [1, 2, 3, 4, 7]) {
      for (const [start, end] of [[0, 0], [0, 1], [5, 8], [10, 42], [100, 228]] as const) {
        const parts = Array.from({ length: worldSize }, (_, rank) => shardRange(start, end, rank, worldSize));
        expect(parts[0]![0]).toBe(start);
        expect(parts[worldSize - 1]![1]).toBe(end);
        parts.slice(1).forEach((part, k) => expect(part[0]).toBe(parts[k]![1]));
        const sizes = parts.map(([from, to]) => to - from);
        expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
      }
    }
  });
});
