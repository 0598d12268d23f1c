import { describe, expect, it } from 'vitest';
import { scoreRanked } from '../../src/eval/scoreRanked.js';

describe('scoreRanked', () => {
  it('scores each sample by its k = min(5, C) best classes: the first is the prediction', () => {
    const two = scoreRanked(Int32Array.from([0, 1]), Int32Array.from([0, 1, 0, 1]), { numClasses: 2, trainSamplesPerClass: [150, 10] });
    expect([two.top1Error, two.top5Error, two.perClassAccuracy, Array.from(two.predictions)]).toEqual([50, 0, [100, 0], [0, 0]]);
    // C = 6: k = 5; sample 1's class 5 is not among its 5 best.
    const ranked = Int32Array.from([2, 0, 1, 3, 4, 0, 1, 2, 3, 4]);
    const six = scoreRanked(Int32Array.from([0, 5]), ranked, { numClasses: 6, trainSamplesPerClass: [200, 50, 50, 10, 10, 10] });
    expect([six.top1Error, six.top5Error, Array.from(six.predictions), Array.from(six.labels)]).toEqual([100, 50, [2, 0], [0, 5]]);
    expect(six.shotAccuracy).toMatchObject({ many: 0, manyAbove: 100, fewBelow: 20 });
  });

  it('refuses train counts that are not one per class and rankings that are not [n, k]', () => {
    expect(() => scoreRanked(Int32Array.from([0]), Int32Array.from([0, 1]), { numClasses: 2, trainSamplesPerClass: [1] })).toThrow(
      "scoreRanked: 'trainSamplesPerClass' must have numClasses = 2 entries; got 1.",
    );
    expect(() => scoreRanked(Int32Array.from([0]), Int32Array.from([0, 1, 2]), { numClasses: 6, trainSamplesPerClass: [1, 1, 1, 1, 1, 1] })).toThrow(
      "scoreRanked: 'ranked' must hold labels.length × k = 1 × 5 classes; got 3.",
    );
  });
});
