import { describe, expect, it } from 'vitest';
import { editDistance, nearestName } from '../../src/core/index.js';

describe('nearestName', () => {
  const valid = ['softmax', 'sigmoid', 'focal'];

  it('suggests the closest valid name for typos', () => {
    expect(nearestName('focla', valid)).toBe('focal');
    expect(nearestName('Softmax', valid)).toBe('softmax');
    expect(nearestName('sigmod', valid)).toBe('sigmoid');
    expect(nearestName('softmx', valid)).toBe('softmax');
  });

  it('returns undefined when nothing is close', () => {
    expect(nearestName('xyzzyxyz', valid)).toBeUndefined();
    expect(nearestName('a', [])).toBeUndefined();
  });

  it('edit distance counts insertions, deletions and substitutions', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('abc', 'abc')).toBe(0);
  });
});
