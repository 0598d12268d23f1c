import type { SweepResults } from '../types.js';
import { assertSweep } from './assertSweep.js';
import { errorVsBetaSpec } from './plots/errorVsBetaSpec.js';
import { renderSvg } from './plots/renderSvg.js';
import type { ReportPlot } from './runReportPlots.js';

/**
 * Renders the plots of a sweep report, in page order: today the one `'error-vs-beta'` plot (top-1 test error
 * against β, one panel per imbalance factor, one line per loss and, for focal, per γ; the mean over seeds
 * with ±1 std error bars). Only finished cells (with `results`) are plotted; a cell that reuses its β = 0
 * twin's run (`sameAs`, all class weights 1) is a point with the twin's error. Returns `[]` when no cell has
 * finished yet.
 *
 * Throws `CblossError('invalid-argument')` when `sweep` has no `cells` or `table` array.
 *
 * @example
 * const plots = await sweepReportPlots(JSON.parse(readFileSync('runs/sweep/sweep.json', 'utf8')));
 * plots.map((p) => p.id); // ['error-vs-beta']
 * writeFileSync('error-vs-beta.svg', plots[0].svg);
 */
export async function sweepReportPlots(sweep: SweepResults): Promise<ReportPlot[]> {
  assertSweep('sweepReportPlots', sweep);
  const done = sweep.cells.filter((c) => c.results !== undefined);
  if (done.length === 0) return [];
  const points = done.map((c) => ({ imbalanceFactor: c.imbalanceFactor, loss: c.loss, beta: c.beta, parameters: c.parameters, top1Error: c.results?.top1Error ?? NaN }));
  const reused = done.some((c) => c.sameAs !== undefined)
    ? ' Cells that reuse their β = 0 run (all class weights 1) show that run’s error.'
    : '';
  const id = 'error-vs-beta';
  return [
    {
      id,
      title: 'Top-1 error against β',
      caption: `Test error of every finished cell, averaged over seeds (error bars: ±1 std where several seeds ran), by β, one panel per imbalance factor and one line per loss and parameter setting (focal: one per γ).${reused}`,
      svg: await renderSvg(errorVsBetaSpec(points), id),
    },
  ];
}
