import { describe, expect, it } from 'vitest';
import { toSparseConfusionMatrix } from '../../src/eval/storedConfusionMatrix.js';
import { topConfusions } from '../../src/report/topConfusions.js';

describe('topConfusions', () => {
  it('lists the off-diagonal cells by decreasing count, ties by true then predicted class, from either format', () => {
    const dense = [[5, 2, 0], [3, 4, 2], [0, 2, 9]];
    expect(topConfusions(dense, 10)).toEqual([[1, 0, 3], [0, 1, 2], [1, 2, 2], [2, 1, 2]]);
    expect(topConfusions(dense, 2)).toEqual([[1, 0, 3], [0, 1, 2]]);
    // The same from the sparse format, its entries in any order.
    const sparse = toSparseConfusionMatrix(dense);
    expect(topConfusions({ ...sparse, entries: [...sparse.entries].reverse() }, 10)).toEqual(topConfusions(dense, 10));
    expect(topConfusions([[4, 0], [0, 4]], 10)).toEqual([]);
  });
});
