import { describe, expect, it } from 'vitest';
import { lossName, runLabels } from '../../src/report/runLabels.js';
import { runSettings } from '../../src/report/runSettings.js';
import type { RunResults } from '../../src/types.js';
import { CB_FOCAL_RUN, SOFTMAX_RUN } from './fixtures.js';

const withOptions = (options: Record<string, unknown>): RunResults => ({ ...SOFTMAX_RUN, options });

describe('runLabels', () => {
  it('names runs like the paper: β > 0 is class-balanced, γ only for focal', () => {
    expect(runLabels([SOFTMAX_RUN, CB_FOCAL_RUN])).toEqual(['softmax', 'CB focal (β=0.99, γ=0.5)']);
    expect(runLabels([withOptions({ loss: 'sigmoid', beta: 0.9999, gamma: 2 })])).toEqual(['CB sigmoid (β=0.9999)']);
    expect(runLabels([withOptions({ loss: 'focal', beta: 0, gamma: 2 })])).toEqual(['focal (γ=2)']);
    expect(lossName(CB_FOCAL_RUN)).toBe('CB focal');
  });

  it('makes repeated names unique', () => {
    expect(runLabels([SOFTMAX_RUN, SOFTMAX_RUN, CB_FOCAL_RUN, SOFTMAX_RUN])).toEqual(['softmax', 'softmax #2', 'CB focal (β=0.99, γ=0.5)', 'softmax #3']);
  });

  it('tolerates options missing or of the wrong type (results.json is untyped JSON)', () => {
    expect(runSettings(withOptions({}))).toEqual({ loss: '?', beta: 0, gamma: undefined });
    expect(runSettings(withOptions({ loss: 'focal', beta: '0.9', gamma: null }))).toEqual({ loss: 'focal', beta: 0, gamma: undefined });
  });
});
