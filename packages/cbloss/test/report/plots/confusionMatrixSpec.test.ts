import { describe, expect, it } from 'vitest';
import { confusionMatrixSpec } from '../../../src/report/plots/confusionMatrixSpec.js';
import { renderSvg } from '../../../src/report/plots/renderSvg.js';

type Cell = { actual: string; predicted: string; count: number; share: number };
const cells = (spec: ReturnType<typeof confusionMatrixSpec>): Cell[] => (spec as unknown as { data: { values: Cell[] } }).data.values;

describe('confusionMatrixSpec', () => {
  it('colors by the share of the true class (rows sum to 100) and keeps the counts', () => {
    const values = cells(confusionMatrixSpec([[30, 60, 10], [0, 0, 0], [1, 1, 2]], ['a', 'b', 'c']));
    expect(values.filter((v) => v.actual === 'a').map((v) => [v.predicted, v.count, v.share])).toEqual([
      ['a', 30, 30],
      ['b', 60, 60],
      ['c', 10, 10],
    ]);
    expect(values.filter((v) => v.actual === 'c').map((v) => v.share)).toEqual([25, 25, 50]);
  });

  it('gives 0, not NaN, for a class without test samples', () => {
    const values = cells(confusionMatrixSpec([[1, 0], [0, 0]], ['a', 'b']));
    expect(values.filter((v) => v.actual === 'b').map((v) => v.share)).toEqual([0, 0]);
  });

  it('renders one rect per cell, with counts printed for small matrices only', async () => {
    const svg = await renderSvg(confusionMatrixSpec([[5, 1], [2, 7]], ['a', 'b']));
    expect(svg.match(/aria-roledescription="rect mark"/g)).toHaveLength(4);
    expect(svg).toContain('>7</text>');
    const n = 13;
    const big = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 99 : 1)));
    const bigSvg = await renderSvg(confusionMatrixSpec(big, big.map((_, i) => `c${i}`)));
    const rects = /<g class="mark-rect role-mark[^"]*"[^>]*>(.*?)<\/g>/.exec(bigSvg)?.[1] ?? '';
    expect(rects.match(/<path /g)).toHaveLength(n * n);
    expect(bigSvg).not.toContain('aria-roledescription="rect mark"'); // no per-cell description for large matrices
    expect(bigSvg).not.toContain('>99</text>');
  });
});
