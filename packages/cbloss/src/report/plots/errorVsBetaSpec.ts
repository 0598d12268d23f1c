import type { TopLevelSpec } from 'vega-lite';
import { parameterText } from '../parameterText.js';
import { formatParameter } from '../formatNumbers.js';

/** One finished sweep cell, reduced to what {@link errorVsBetaSpec} plots. */
export interface ErrorVsBetaPoint {
  readonly imbalanceFactor: number;
  readonly loss: string; // a method name, e.g. 'focal'
  readonly beta: number;
  /** The method's own parameters, e.g. `{ gamma: 0.5 }`. */
  readonly parameters: Readonly<Record<string, number>>;
  readonly top1Error: number;
}

/**
 * Top-1 test error against β, one panel per imbalance factor (largest first), one line per loss and parameter
 * setting (`'focal γ=0.5'`, `'focal γ=1'`, ... in the legend, losses in order of first appearance, settings by
 * increasing values): the mean over the seeds of that (loss, parameters, β), with a ±1 std error bar where several seeds ran. β = 0 (no
 * re-weighting) is the leftmost point of each line; β values are evenly spaced categories, as in
 * Figure 4 of arXiv:1901.05555.
 *
 * @example
 * await renderSvg(errorVsBetaSpec([{ imbalanceFactor: 100, loss: 'softmax', beta: 0, parameters: {}, top1Error: 30 },
 *   { imbalanceFactor: 100, loss: 'softmax', beta: 0.999, parameters: {}, top1Error: 27 }]));
 */
export function errorVsBetaSpec(points: readonly ErrorVsBetaPoint[]): TopLevelSpec {
  const betas = [...new Set(points.map((p) => p.beta))].sort((a, b) => a - b).map(formatParameter);
  const factors = [...new Set(points.map((p) => p.imbalanceFactor))].sort((a, b) => b - a).map((f) => `IF ${f}`);
  const values = points.map((p) => ({ factor: `IF ${p.imbalanceFactor}`, series: seriesName(p), beta: formatParameter(p.beta), error: p.top1Error }));
  // Legend order: losses as they first appear (the sweep's order), settings by increasing values (not as text: 10 > 2).
  const losses = [...new Set(points.map((p) => p.loss))];
  const ordered = [...points].sort((a, b) => losses.indexOf(a.loss) - losses.indexOf(b.loss) || compareSettings(a.parameters, b.parameters));
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

/** The line of a point: its loss and parameters (`'focal γ=0.5'`): lines never average over parameters. */
function seriesName(p: ErrorVsBetaPoint): string {
  return [p.loss, ...parameterText(p.parameters)].join(' ');
}

/** Orders two parameter settings of one method by their values, parameter by parameter. */
function compareSettings(a: Readonly<Record<string, number>>, b: Readonly<Record<string, number>>): number {
  for (const name of Object.keys(a)) {
    const d = (a[name] ?? 0) - (b[name] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
