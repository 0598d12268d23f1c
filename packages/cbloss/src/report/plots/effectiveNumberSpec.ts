import { effectiveNumber } from 'class-balanced-loss';
import type { TopLevelSpec } from 'vega-lite';
import { formatParameter } from '../formatNumbers.js';

/** The β values of Figure 3 of arXiv:1901.05555, always drawn. */
export const REFERENCE_BETAS: readonly number[] = [0.9, 0.99, 0.999, 0.9999];

/** One run's classes on its E_n curve: its β and, by class, n and E_n. */
export interface EffectiveNumberPoints {
  readonly beta: number;
  readonly samplesPerClass: readonly number[];
  readonly effectiveNumbers: readonly number[];
}

/**
 * Effective number of samples E_n = (1 − βⁿ)/(1 − β) against n on log–log axes, one line per β (the
 * reference values 0.9, 0.99, 0.999, 0.9999 plus those of the runs), the line E_n = n (β → 1) dashed, and
 * the classes of each class-balanced run as points on its curve. E_n grows like n for small n and
 * saturates at 1/(1 − β): the larger β, the later the saturation.
 *
 * @example
 * await renderSvg(effectiveNumberSpec(5000, [{ beta: 0.999, samplesPerClass: [5000, 50],
 *   effectiveNumbers: [993.3, 48.8] }]));
 */
export function effectiveNumberSpec(maxSamples: number, runs: readonly EffectiveNumberPoints[]): TopLevelSpec {
  // At least 10⁵ samples on the x axis, so that even the β = 0.9999 curve visibly saturates (at 10⁴).
  const nMax = Math.max(1e5, maxSamples);
  const betas = [...new Set([...REFERENCE_BETAS, ...runs.map((r) => r.beta).filter((b) => b > 0 && b < 1)])].sort((a, b) => a - b);
  const grid = logGrid(1, nMax, 120);
  const curves = betas.flatMap((beta) => grid.map((n) => ({ n, en: effectiveNumber(n, beta), beta: `β = ${formatParameter(beta)}`, order: beta })));
  const identity = [1, nMax].map((n) => ({ n, en: n }));
  const points = runs
    .filter((r) => r.beta > 0)
    .flatMap((r) => r.samplesPerClass.map((n, c) => ({ n, en: r.effectiveNumbers[c] ?? NaN, beta: `β = ${formatParameter(r.beta)}`, order: r.beta })))
    .filter((p) => p.n > 0 && Number.isFinite(p.en) && p.en > 0);
  const x = { field: 'n', type: 'quantitative' as const, scale: { type: 'log' as const }, title: 'number of samples n (log scale)' };
  const y = { field: 'en', type: 'quantitative' as const, scale: { type: 'log' as const }, title: 'effective number Eₙ (log scale)' };
  const color = { field: 'beta', type: 'nominal' as const, title: 'β', sort: betas.map((b) => `β = ${formatParameter(b)}`) };
  return {
    width: 520,
    height: 300,
    layer: [
      { data: { values: identity }, mark: { type: 'line', color: '#999', strokeDash: [4, 4] }, encoding: { x, y } },
      { data: { values: curves }, mark: { type: 'line', strokeWidth: 2 }, encoding: { x, y, color, order: { field: 'n', type: 'quantitative' } } },
      ...(points.length > 0
        ? [{ data: { values: points }, mark: { type: 'point' as const, filled: true, size: 40, stroke: 'black', strokeWidth: 0.5 }, encoding: { x, y, color } }]
        : []),
    ],
  };
}

/** `count` points spread evenly on a log scale from `from` to `to`, both included. */
function logGrid(from: number, to: number, count: number): number[] {
  const a = Math.log(from);
  const step = (Math.log(to) - a) / (count - 1);
  return Array.from({ length: count }, (_, i) => Math.exp(a + i * step));
}
