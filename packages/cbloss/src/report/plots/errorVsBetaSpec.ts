import type { TopLevelSpec } from 'vega-lite';
import { formatParameter } from '../formatNumbers.js';

/** One finished sweep cell, reduced to what {@link errorVsBetaSpec} plots. */
export interface ErrorVsBetaPoint {
  readonly imbalanceFactor: number;
  readonly loss: string; // 'softmax' | 'sigmoid' | 'focal'
  readonly beta: number;
  readonly gamma: number;
  readonly top1Error: number;
}

/**
 * Top-1 test error against β, one panel per imbalance factor (largest first), one line per loss and, for
 * focal, one per γ (`'focal γ=0.5'`, `'focal γ=1'`, ... in the legend, losses in order of first appearance):
 * the mean over the seeds of that (loss, γ, β), with a ±1 std error bar where several seeds ran. β = 0 (no
 * re-weighting) is the leftmost point of each line; β values are evenly spaced categories, as in
 * Figure 4 of arXiv:1901.05555.
 *
 * @example
 * await renderSvg(errorVsBetaSpec([{ imbalanceFactor: 100, loss: 'softmax', beta: 0, gamma: 0, top1Error: 30 },
 *   { imbalanceFactor: 100, loss: 'softmax', beta: 0.999, gamma: 0, top1Error: 27 }]));
 */
export function errorVsBetaSpec(points: readonly ErrorVsBetaPoint[]): TopLevelSpec {
  const betas = [...new Set(points.map((p) => p.beta))].sort((a, b) => a - b).map(formatParameter);
  const factors = [...new Set(points.map((p) => p.imbalanceFactor))].sort((a, b) => b - a).map((f) => `IF ${f}`);
  const values = points.map((p) => ({ factor: `IF ${p.imbalanceFactor}`, series: seriesName(p), beta: formatParameter(p.beta), error: p.top1Error }));
  // Legend order: losses as they first appear (the sweep's order), focal by increasing γ (not as text: 10 > 2).
  const losses = [...new Set(points.map((p) => p.loss))];
  const ordered = [...points].sort((a, b) => losses.indexOf(a.loss) - losses.indexOf(b.loss) || (a.loss === 'focal' ? a.gamma - b.gamma : 0));
  const series = [...new Set(ordered.map(seriesName))];
  const x = { field: 'beta', type: 'ordinal' as const, sort: betas, title: 'β (0 = no re-weighting)', axis: { labelAngle: 0 } };
  const color = { field: 'series', type: 'nominal' as const, sort: series, title: 'loss', legend: { orient: 'top' as const } };
  const y = { field: 'error', type: 'quantitative' as const, title: 'top-1 error %', scale: { zero: false } };
  // One panel per imbalance factor, built with hconcat rather than facet: vega's facet layout leaves large
  // gaps when text is measured headless. Each panel keeps its own y scale (errors differ a lot by IF).
  const panel = (factor: string) => ({
    title: factor,
    width: Math.max(200, betas.length * 56),
    height: 220,
    transform: [{ filter: { field: 'factor', equal: factor } }],
    layer: [
      { mark: { type: 'line' as const, point: true }, encoding: { x, y: { ...y, aggregate: 'mean' as const }, color } },
      { mark: { type: 'errorbar' as const, extent: 'stdev' as const }, encoding: { x, y, color } },
    ],
  });
  return { data: { values }, hconcat: factors.map(panel), resolve: { scale: { y: 'independent' } } };
}

/** The line of a point: its loss, and for focal its γ (`'focal γ=0.5'`): lines never average over γ. */
function seriesName(p: ErrorVsBetaPoint): string {
  return p.loss === 'focal' ? `focal γ=${formatParameter(p.gamma)}` : p.loss;
}
