import { describe, expect, it } from 'vitest';
import { markdownTable } from '../../src/report/markdownTable.js';

describe('markdownTable', () => {
  it('pads columns to a common width and marks the alignment', () => {
    const table = markdownTable([{ header: 'Loss' }, { header: 'Error', align: 'right' }], [['softmax', '28.30'], ['CB focal', '5.1']]);
    expect(table).toBe(
      ['| Loss     | Error |', '| :------- | ----: |', '| softmax  | 28.30 |', '| CB focal |   5.1 |'].join('\n'),
    );
  });

  it('counts β, γ and ± as one column each', () => {
    const table = markdownTable([{ header: 'β' }], [['0.9 ± 1']]);
    expect(table.split('\n').map((line) => [...line].length)).toEqual([11, 11, 11]);
  });

  it('escapes pipes and flattens newlines so that a cell cannot break the table', () => {
    const table = markdownTable([{ header: 'a|b' }], [['x\ny|z']]);
    expect(table).toBe(['| a\\|b   |', '| :----- |', '| x y\\|z |'].join('\n'));
  });

  it('fills missing cells with blanks', () => {
    expect(markdownTable([{ header: 'a' }, { header: 'b' }], [['1']])).toBe(['| a   | b   |', '| :-- | :-- |', '| 1   |     |'].join('\n'));
  });
});
