import { describe, expect, it } from 'vitest';
import { formatResultsTable } from '../../src/report/formatResultsTable.js';
import { CB_FOCAL_RUN, SOFTMAX_RUN } from './fixtures.js';

describe('formatResultsTable', () => {
  it('prints one row per run with β, the method parameters (γ for focal), error and shot accuracies, thresholds in the headers', () => {
    expect(formatResultsTable([SOFTMAX_RUN, CB_FOCAL_RUN])).toBe(
      [
        '| Loss     |    β | Parameters | Top-1 error % | Many (>100) % | Medium (20–100) % | Few (<20) % |',
        '| :------- | ---: | :--------- | ------------: | ------------: | ----------------: | ----------: |',
        '| softmax  |    0 | —          |         40.00 |         95.00 |             60.00 |       25.00 |',
        '| CB focal | 0.99 | γ=0.5      |         33.46 |         90.00 |             70.00 |       40.05 |',
        '',
        'Top-1 error on the balanced test set; fashion-mnist, imbalance factor 100 (exponential), seed 1, model cnn, backend cpu, cbloss 0.1.0.',
      ].join('\n'),
    );
  });

  it('records seed, backend and version per run in the caption when the runs differ', () => {
    const other = { ...CB_FOCAL_RUN, backend: 'libtorch', options: { ...CB_FOCAL_RUN.options, seed: 2 } };
    expect(formatResultsTable([SOFTMAX_RUN, other]).split('\n').at(-1)).toBe(
      'Top-1 error on the balanced test set; fashion-mnist, imbalance factor 100 (exponential), seed 1 / 2, model cnn, backend cpu / libtorch, cbloss 0.1.0.',
    );
  });

  it('prints — for an empty shot group', () => {
    const run = { ...SOFTMAX_RUN, shotAccuracy: { ...SOFTMAX_RUN.shotAccuracy, medium: null } };
    expect(formatResultsTable([run]).split('\n')[2]).toBe('| softmax |   0 | —          |         40.00 |         95.00 |                 — |       25.00 |');
  });

  it('states the thresholds in each cell when the runs disagree on them', () => {
    const other = { ...CB_FOCAL_RUN, shotAccuracy: { ...CB_FOCAL_RUN.shotAccuracy, manyAbove: 50, fewBelow: 10 } };
    expect(formatResultsTable([SOFTMAX_RUN, other])).toBe(
      [
        '| Loss     |    β | Parameters | Top-1 error % |       Many % |       Medium % |       Few % |',
        '| :------- | ---: | :--------- | ------------: | -----------: | -------------: | ----------: |',
        '| softmax  |    0 | —          |         40.00 | 95.00 (>100) | 60.00 (20–100) | 25.00 (<20) |',
        '| CB focal | 0.99 | γ=0.5      |         33.46 |  90.00 (>50) |  70.00 (10–50) | 40.05 (<10) |',
        '',
        'Top-1 error on the balanced test set; fashion-mnist, imbalance factor 100 (exponential), seed 1, model cnn, backend cpu, cbloss 0.1.0.',
      ].join('\n'),
    );
  });
});
