import { describe, expect, it } from 'vitest';
import type { StreamSplit } from '../../../src/data/stream/StreamDataset.js';
import { splitView } from '../../../src/data/stream/splitView.js';
import { shardRange } from '../../../src/distributed/shardRange.js';

const split: StreamSplit = { paths: ['a.jpg', 'b.jpg', 'c.jpg', 'd.jpg', 'e.jpg'], labels: Int32Array.from([4, 3, 2, 1, 0]), count: 5 };

describe('splitView', () => {
  it('is the samples at [from, to), the labels sharing the split’s memory', () => {
    const view = splitView(split, 1, 4);
    expect(view).toEqual({ paths: ['b.jpg', 'c.jpg', 'd.jpg'], labels: Int32Array.from([3, 2, 1]), count: 3 });
    expect(view.labels.buffer).toBe(split.labels.buffer);
    expect(splitView(split, 5, 5).count).toBe(0);
  });

  it('the views of shardRange’s parts put back together are the split, for any number of ranks', () => {
    for (let worldSize = 1; worldSize <= 7; worldSize++) {
      const parts = Array.from({ length: worldSize }, (_, rank) => splitView(split, ...shardRange(0, split.count, rank, worldSize)));
      expect(parts.flatMap((p) => p.paths)).toEqual(split.paths);
      expect(parts.flatMap((p) => Array.from(p.labels))).toEqual(Array.from(split.labels));
    }
  });

  it('refuses a range outside the split', () => {
    for (const [from, to] of [[-1, 2], [3, 2], [0, 6], [0.5, 2]] as const) {
      expect(() => splitView(split, from, to)).toThrow(`splitView: '[from, to)' must be integers with 0 ≤ from ≤ to ≤ 5 (the split's count); got [${from}, ${to}).`);
    }
  });
});
