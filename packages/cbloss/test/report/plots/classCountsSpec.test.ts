import { describe, expect, it } from 'vitest';
import { classCountsSpec } from '../../../src/report/plots/classCountsSpec.js';
import { renderSvg } from '../../../src/report/plots/renderSvg.js';
import { barRects } from './svgMarks.js';

describe('classCountsSpec', () => {
  it('draws one bar per class on a log scale: equal count ratios give equal height steps', async () => {
    const bars = barRects(await renderSvg(classCountsSpec([5000, 500, 50, 5], ['a', 'b', 'c', 'd'])));
    expect(bars.map((b) => b.label)).toEqual([
      'class: a; training samples (log scale): 5000',
      'class: b; training samples (log scale): 500',
      'class: c; training samples (log scale): 50',
      'class: d; training samples (log scale): 5',
    ]);
    const heights = bars.map((b) => b.height);
    for (const h of heights) expect(h).toBeGreaterThan(0); // stacked bars on a log scale used to vanish
    const steps = heights.slice(1).map((h, i) => (heights[i] ?? 0) - h);
    for (const step of steps) expect(step).toBeCloseTo(steps[0] ?? NaN, 6);
  });

  it('writes the counts over the bars for few classes only', async () => {
    const few = await renderSvg(classCountsSpec([7, 3], ['a', 'b']));
    expect(few).toContain('aria-roledescription="text mark container"');
    expect(few).toContain('>7</text>');
    const many = Array.from({ length: 21 }, (_, i) => 100 - i);
    expect(await renderSvg(classCountsSpec(many, many.map((_, i) => `c${i}`)))).not.toContain('aria-roledescription="text mark container"');
  });

  it('keeps duplicate class names apart', async () => {
    expect(barRects(await renderSvg(classCountsSpec([4, 2], ['x', 'x'])))).toHaveLength(2);
  });
});
