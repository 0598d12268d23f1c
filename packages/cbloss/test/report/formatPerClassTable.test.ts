import { describe, expect, it } from 'vitest';
import { formatPerClassTable } from '../../src/report/formatPerClassTable.js';
import { CB_FOCAL_RUN, CLASS_NAMES, SOFTMAX_RUN } from './fixtures.js';
import { CblossError } from '../../src/CblossError.js';

describe('formatPerClassTable', () => {
  it('prints one row per class with its training count and one column per run', () => {
    expect(formatPerClassTable([SOFTMAX_RUN, CB_FOCAL_RUN], CLASS_NAMES)).toBe(
      [
        '|   # | Class       | Train n | softmax % | CB focal (β=0.99, γ=0.5) % |',
        '| --: | :---------- | ------: | --------: | -------------------------: |',
        '|   0 | T-shirt/top |     500 |     95.00 |                      90.00 |',
        '|   1 | Trouser     |      50 |     60.00 |                      70.00 |',
        `|   2 | Bag <b>&"x' |       5 |     25.00 |                      40.05 |`,
      ].join('\n'),
    );
  });

  it('makes the column names of identical runs unique and prints — for a class without test samples', () => {
    const noTest = { ...SOFTMAX_RUN, perClassAccuracy: [95, null, 25] };
    const lines = formatPerClassTable([SOFTMAX_RUN, noTest], CLASS_NAMES).split('\n');
    expect(lines[0]).toBe('|   # | Class       | Train n | softmax % | softmax #2 % |');
    expect(lines[3]).toBe('|   1 | Trouser     |      50 |     60.00 |            — |');
  });

  it('rejects class names that do not match the runs', () => {
    const call = () => formatPerClassTable([SOFTMAX_RUN], ['a', 'b']);
    expect(call).toThrow(CblossError);
    expect(call).toThrow("formatPerClassTable: 'runs[0].perClassAccuracy' must have one entry per class name (2); got 3.");
  });
});
