import type { TopLevelSpec } from 'vega-lite';
import type { EpochRecord } from '../../types.js';

/** One run's training history, with the name of its line. */
export interface TrainingCurve {
  readonly label: string;
  readonly history: readonly EpochRecord[];
}

/** Options of {@link trainingCurvesSpec}. */
export interface TrainingCurvesOptions {
  /**
   * Title of the held-out error panel. Default `'test top-1 error %'`; runs with a validation split record the
   * class-balanced validation error there instead (say so, e.g. `'validation error % (class-balanced)'`).
   */
  readonly errorTitle?: string;
}

/**
 * Training curves side by side: mean training loss per epoch and, when recorded, the held-out error (%) per
 * epoch (test top-1 error, or the class-balanced validation error of runs with a validation split), one colored
 * line (with points) per run. Epochs without a held-out error are skipped on the right.
 *
 * @example
 * await renderSvg(trainingCurvesSpec([{ label: 'softmax', history }]));
 */
export function trainingCurvesSpec(curves: readonly TrainingCurve[], options: TrainingCurvesOptions = {}): TopLevelSpec {
  const series = curves.map((c) => c.label);
  const rows = curves.flatMap((c) => c.history.map((e) => ({ run: c.label, epoch: e.epoch, loss: e.loss, testError: e.testError ?? null })));
  const hasError = rows.some((r) => r.testError !== null && Number.isFinite(r.testError));
  const color = { field: 'run', type: 'nominal' as const, title: 'run', sort: series, legend: { orient: 'top' as const, direction: 'vertical' as const } };
  const x = { field: 'epoch', type: 'quantitative' as const, title: 'epoch', axis: { tickMinStep: 1, format: 'd' } };
  const panel = (field: 'loss' | 'testError', title: string) => ({
    width: 400,
    height: 220,
    transform: [{ filter: `isValid(datum.${field}) && isFinite(datum.${field})` }],
    mark: { type: 'line' as const, point: { size: 20 } },
    encoding: { x, y: { field, type: 'quantitative' as const, title, scale: { zero: false } }, color },
  });
  return {
    data: { values: rows },
    hconcat: [panel('loss', 'training loss'), ...(hasError ? [panel('testError', options.errorTitle ?? 'test top-1 error %')] : [])],
  };
}
