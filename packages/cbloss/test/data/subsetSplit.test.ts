import { describe, expect, it } from 'vitest';
import { subsetSplit } from '../../src/data/subsetSplit.js';

describe('subsetSplit', () => {
  const s = { x: new Float32Array([1, 2, 3, 4, 5, 6]), labels: new Int32Array([0, 1, 2]), count: 3 };

  it('copies the rows at the indices, in their order, repeats allowed', () => {
    const out = subsetSplit(s, [2, 0, 2], 2);
    expect(out.count).toBe(3);
    expect(Array.from(out.x)).toEqual([5, 6, 1, 2, 5, 6]);
    expect(Array.from(out.labels)).toEqual([2, 0, 2]);
    expect(out.x).toBeInstanceOf(Float32Array);
    out.x[0] = 99;
    expect(s.x[4]).toBe(5); // a copy
  });

  it('keeps Uint8Array images as Uint8Array', () => {
    const img = { x: new Uint8Array([1, 2, 3]), labels: new Int32Array([0, 0, 1]), count: 3 };
    const out = subsetSplit(img, new Int32Array([1]), 1);
    expect(out.x).toBeInstanceOf(Uint8Array);
    expect(Array.from(out.x)).toEqual([2]);
  });

  it('rejects out-of-range indices and inconsistent sizes', () => {
    expect(() => subsetSplit(s, [3], 2)).toThrow(
      expect.objectContaining({ code: 'invalid-argument', message: "subsetSplit: 'indices' must be integers in [0, 3); got 3 at position 0." }),
    );
    expect(() => subsetSplit(s, [0.5], 2)).toThrow(/got 0.5 at position 0/);
    expect(() => subsetSplit(s, [0], 3)).toThrow(expect.objectContaining({ code: 'shape-mismatch' }));
  });
});
