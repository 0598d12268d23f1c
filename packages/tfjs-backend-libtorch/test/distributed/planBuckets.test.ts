import { describe, expect, it } from 'vitest';
import { planBuckets } from '../../src/distributed/planBuckets.js';

const f = (size: number) => ({ size, dtype: 'float32' });
const i = (size: number) => ({ size, dtype: 'int32' });

describe('planBuckets', () => {
  it('fills a bucket up to the byte limit, in order, and starts a new one when the next item would not fit', () => {
    // 4 bytes per element: 3 + 5 elements = 32 bytes fit in 32; the next 1 does not.
    expect(planBuckets([f(3), f(5), f(1), f(2)], 32)).toEqual([[0, 1], [2, 3]]);
  });

  it('gives an item larger than the limit a bucket of its own', () => {
    expect(planBuckets([f(1), f(100), f(1)], 16)).toEqual([[0], [1], [2]]);
  });

  it('keeps dtypes apart, in order of first appearance', () => {
    expect(planBuckets([f(2), i(2), f(2), i(1)], 1024)).toEqual([[0, 2], [1, 3]]);
  });

  it('leaves out empty items and returns no bucket for nothing', () => {
    expect(planBuckets([f(0), f(2), i(0)], 1024)).toEqual([[1]]);
    expect(planBuckets([], 1024)).toEqual([]);
  });

  it('puts every non-empty item in exactly one bucket, none over the limit unless alone (random sizes)', () => {
    let seed = 12345;
    const next = (): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let round = 0; round < 50; round++) {
      const items = Array.from({ length: 1 + Math.floor(next() * 20) }, () => (next() < 0.7 ? f : i)(Math.floor(next() * 40)));
      const limit = 4 * (1 + Math.floor(next() * 60));
      const buckets = planBuckets(items, limit);
      const placed = buckets.flat().sort((a, b) => a - b);
      const expected = items.flatMap((item, k) => (item.size > 0 ? [k] : []));
      expect(placed, `round ${round}`).toEqual(expected);
      for (const bucket of buckets) {
        const bytes = bucket.reduce((s, k) => s + 4 * (items[k]?.size ?? 0), 0);
        expect(bucket.length === 1 || bytes <= limit, `round ${round}`).toBe(true);
        expect(new Set(bucket.map((k) => items[k]?.dtype)).size).toBe(1);
      }
    }
  });
});
