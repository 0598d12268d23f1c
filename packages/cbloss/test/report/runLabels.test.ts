import { describe, expect, it } from 'vitest';
import { lossName, runLabels } from '../../src/report/runLabels.js';
import { runSettings } from '../../src/report/runSettings.js';
import type { RunResults } from '../../src/types.js';
import { CB_FOCAL_RUN, SOFTMAX_RUN } from './fixtures.js';

const withLoss = (loss: Record<string, unknown>): RunResults => ({ ...SOFTMAX_RUN, options: { ...SOFTMAX_RUN.options, loss } as RunResults['options'] });

describe('runLabels', () => {
  it('names runs like the paper: β > 0 is class-balanced, then the method parameters (γ for focal)', () => {
    expect(runLabels([SOFTMAX_RUN, CB_FOCAL_RUN])).toEqual(['softmax', 'CB focal (β=0.99, γ=0.5)']);
    expect(runLabels([withLoss({ method: 'sigmoid', beta: 0.9999, parameters: {} })])).toEqual(['CB sigmoid (β=0.9999)']);
    expect(runLabels([withLoss({ method: 'focal', beta: 0, parameters: { gamma: 2 } })])).toEqual(['focal (γ=2)']);
    expect(runLabels([withLoss({ method: 'softmax', beta: 0.999, parameters: {}, drwEpoch: 8 })])).toEqual(['CB softmax (β=0.999, DRW@8)']);
    // a method this version does not know keeps its recorded name and parameter names
    expect(runLabels([withLoss({ method: 'mystery', beta: 0, parameters: { zeta: 3 } })])).toEqual(['mystery (zeta=3)']);
    expect(lossName(CB_FOCAL_RUN)).toBe('CB focal');
  });

  it('makes repeated names unique', () => {
    expect(runLabels([SOFTMAX_RUN, SOFTMAX_RUN, CB_FOCAL_RUN, SOFTMAX_RUN])).toEqual(['softmax', 'softmax #2', 'CB focal (β=0.99, γ=0.5)', 'softmax #3']);
  });

  it('tolerates options missing or of the wrong type (results.json is untyped JSON)', () => {
    expect(runSettings({ ...SOFTMAX_RUN, options: {} as RunResults['options'] })).toEqual({ loss: '?', label: '?', beta: 0, parameters: {}, drwEpoch: undefined });
    expect(runSettings(withLoss({ method: 'focal', beta: '0.9', parameters: { gamma: null } }))).toEqual({
      loss: 'focal',
      label: 'focal',
      beta: 0,
      parameters: {},
      drwEpoch: undefined,
    });
  });
});
