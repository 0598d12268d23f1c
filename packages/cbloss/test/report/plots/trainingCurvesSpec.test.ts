import { describe, expect, it } from 'vitest';
import { renderSvg } from '../../../src/report/plots/renderSvg.js';
import { trainingCurvesSpec } from '../../../src/report/plots/trainingCurvesSpec.js';
import { CB_FOCAL_RUN, SOFTMAX_RUN } from '../fixtures.js';

describe('trainingCurvesSpec', () => {
  it('draws loss and test error panels with one line per run', async () => {
    const spec = trainingCurvesSpec([{ label: 'softmax', history: SOFTMAX_RUN.history }, { label: 'CB', history: CB_FOCAL_RUN.history }]);
    expect((spec as { hconcat: unknown[] }).hconcat).toHaveLength(2);
    const svg = await renderSvg(spec);
    expect(svg.match(/aria-roledescription="line mark"/g)?.length).toBe(4);
  });

  it('names the held-out panel as told (validation runs record a validation error)', async () => {
    const spec = trainingCurvesSpec([{ label: 'a', history: SOFTMAX_RUN.history }], { errorTitle: 'validation error % (class-balanced)' });
    const svg = await renderSvg(spec);
    expect(svg).toContain('validation error % (class-balanced)');
    expect(svg).not.toContain('test top-1 error %');
  });

  it('draws the loss panel only when no epoch recorded a test error', () => {
    const history = SOFTMAX_RUN.history.map(({ testError: _, ...e }) => e);
    expect((trainingCurvesSpec([{ label: 'a', history }]) as { hconcat: unknown[] }).hconcat).toHaveLength(1);
  });
});
