import { describe, expect, it } from 'vitest';
import { groupedBarsSpec } from '../../../src/report/plots/groupedBarsSpec.js';
import { renderSvg } from '../../../src/report/plots/renderSvg.js';
import { barRects } from './svgMarks.js';

describe('groupedBarsSpec', () => {
  it('puts the bars of each series side by side within a class, and skips null values', async () => {
    const svg = await renderSvg(groupedBarsSpec(['a', 'b'], ['s1', 's2'], [[80, 20], [60, null]], { yTitle: 'accuracy %', yDomain: [0, 100] }));
    const bars = barRects(svg);
    expect(bars).toHaveLength(3);
    const [a1, a2, b1] = bars.sort((p, q) => p.x - q.x);
    expect(a1?.label).toContain('s1');
    expect(a2?.label).toContain('s2');
    expect((a1?.x ?? 0) + (a1?.width ?? 0)).toBeLessThanOrEqual((a2?.x ?? 0) + 1e-9); // not stacked: side by side
    // A fixed [0, 100] domain: heights are proportional to the values.
    expect((a1?.height ?? 0) / (b1?.height ?? 1)).toBeCloseTo(80 / 20, 6);
  });

  it('draws the reference rule when asked', async () => {
    const svg = await renderSvg(groupedBarsSpec(['a'], ['s'], [[2]], { yTitle: 'weight', rule: 1 }));
    expect(svg).toContain('aria-roledescription="rule mark"');
  });
});
