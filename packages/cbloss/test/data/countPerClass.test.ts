import { describe, expect, it } from 'vitest';
import { countPerClass } from '../../src/data/countPerClass.js';

describe('countPerClass', () => {
  it('counts each class, zeros included', () => {
    expect(countPerClass(new Int32Array([0, 2, 2, 3, 2]), 5)).toEqual([1, 0, 3, 1, 0]);
    expect(countPerClass(new Int32Array([]), 2)).toEqual([0, 0]);
  });

  it('rejects labels out of range and a bad numClasses', () => {
    expect(() => countPerClass(new Int32Array([0, 3]), 3)).toThrow(
      expect.objectContaining({ code: 'invalid-argument', message: "countPerClass: 'labels' must be in [0, 3); got 3 at index 1." }),
    );
    expect(() => countPerClass(new Int32Array([-1]), 3)).toThrow(/got -1 at index 0/);
    expect(() => countPerClass(new Int32Array([0]), 0)).toThrow(/'numClasses' must be a positive integer; got 0/);
  });
});
