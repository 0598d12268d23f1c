import { describe, expect, it } from 'vitest';
import { formatSweepTable } from '../../src/report/formatSweepTable.js';
import { SWEEP } from './fixtures.js';

describe('formatSweepTable', () => {
  it('lays out losses × imbalance factors (largest first) with mean ± std and the chosen β/γ', () => {
    expect(formatSweepTable(SWEEP)).toBe(
      [
        '| Loss         |                        IF 100 |                        IF 10 |',
        '| :----------- | ----------------------------: | ---------------------------: |',
        '| softmax      |                  41.00 ± 1.41 |                 20.50 ± 0.71 |',
        '| CB focal     | 35.25 ± 0.35 (β=0.999, γ=0.5) | 19.25 ± 0.35 (β=0.99, γ=0.5) |',
        '| CB <sigmoid> |                             — |                            — |',
        '',
        'Top-1 error (%) on the test set; β/γ chosen on the validation split; mean ± std over 2 seeds.',
      ].join('\n'),
    );
  });

  it('drops the ± part and says "one seed" when every cell has one seed', () => {
    const sweep = {
      ...SWEEP,
      selection: 'test' as const,
      table: [{ loss: 'CB softmax', byImbalanceFactor: { '50': { top1Error: 12.345, beta: 0.9999, parameters: {}, seeds: 1 }, '200': null } }],
    };
    expect(formatSweepTable(sweep)).toBe(
      [
        '| Loss       | IF 200 |            IF 50 |',
        '| :--------- | -----: | ---------------: |',
        '| CB softmax |      — | 12.35 (β=0.9999) |',
        '',
        'Top-1 error (%) on the test set; β/γ chosen on the test split; one seed.',
      ].join('\n'),
    );
  });

  it('says "all weights 1" instead of a β when the entry reused the unweighted run (equal counts)', () => {
    const sweep = {
      ...SWEEP,
      selection: 'test' as const,
      table: [
        { loss: 'CB softmax', byImbalanceFactor: { '1': { top1Error: 7.89, beta: 0.9, parameters: {}, seeds: 1, unweighted: true as const } } },
        { loss: 'CB focal', byImbalanceFactor: { '1': { top1Error: 7.75, beta: 0.9, parameters: { gamma: 0.5 }, seeds: 1, unweighted: true as const } } },
      ],
    };
    expect(formatSweepTable(sweep).split('\n').slice(2, 4)).toEqual([
      '| CB softmax |        7.89 (all weights 1) |',
      '| CB focal   | 7.75 (all weights 1, γ=0.5) |',
    ]);
  });
});
