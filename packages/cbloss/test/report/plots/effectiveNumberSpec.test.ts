import { describe, expect, it } from 'vitest';
import { effectiveNumberSpec, REFERENCE_BETAS } from '../../../src/report/plots/effectiveNumberSpec.js';
import { renderSvg } from '../../../src/report/plots/renderSvg.js';

type Row = { n: number; en: number; beta: string };
function layerValues(spec: ReturnType<typeof effectiveNumberSpec>, i: number): Row[] {
  const layers = (spec as unknown as { layer: { data: { values: Row[] } }[] }).layer;
  return layers[i]?.data.values ?? [];
}

describe('effectiveNumberSpec', () => {
  const spec = effectiveNumberSpec(5000, [
    { beta: 0, samplesPerClass: [5000, 50], effectiveNumbers: [1, 1] },
    { beta: 0.95, samplesPerClass: [5000, 50], effectiveNumbers: [20, 18.46] },
  ]);
  const curves = layerValues(spec, 1);

  it('draws the reference β values of the paper and the β of each class-balanced run', () => {
    expect(REFERENCE_BETAS).toEqual([0.9, 0.99, 0.999, 0.9999]);
    expect([...new Set(curves.map((r) => r.beta))]).toEqual(['β = 0.9', 'β = 0.95', 'β = 0.99', 'β = 0.999', 'β = 0.9999']);
  });

  it('follows E_n = (1 − βⁿ)/(1 − β): 1 at n = 1, saturating at 1/(1 − β)', () => {
    for (const [label, limit] of [['β = 0.9', 10], ['β = 0.99', 100], ['β = 0.999', 1000]] as const) {
      const rows = curves.filter((r) => r.beta === label);
      expect(rows[0]?.n).toBeCloseTo(1, 12);
      expect(rows[0]?.en).toBeCloseTo(1, 12);
      expect(rows.at(-1)?.n).toBeCloseTo(1e5, 6);
      expect(rows.at(-1)?.en).toBeCloseTo(limit, 6);
    }
    // E_n at n = 10 for β = 0.9: (1 − 0.9¹⁰)/0.1 = 6.5132155990 (float64 reference).
    const beta09 = curves.filter((r) => r.beta === 'β = 0.9');
    const near10 = beta09.reduce((best, r) => (Math.abs(Math.log(r.n / 10)) < Math.abs(Math.log(best.n / 10)) ? r : best));
    expect(near10.en).toBeCloseTo((1 - 0.9 ** near10.n) / 0.1, 10);
  });

  it('marks only the classes of class-balanced runs, and renders', async () => {
    expect(layerValues(spec, 2).map((r) => [r.n, r.en, r.beta])).toEqual([
      [5000, 20, 'β = 0.95'],
      [50, 18.46, 'β = 0.95'],
    ]);
    expect(await renderSvg(spec)).toMatch(/aria-roledescription="line mark"/);
  });
});
