import type { TopLevelSpec } from 'vega-lite';
import type { EpochRecord } from '../../types.js';

/** One run's training history, with the name of its line. */
export interface TrainingCurve {
  readonly label: string;
  readonly history: readonly EpochRecord[];
}

/**
 * Training curves side by side: mean training loss per epoch and, when recorded, top-1 test error (%) per
 * epoch, one colored line (with points) per run. Epochs without a test error are skipped on the right.
 *
 * @example
 * await renderSvg(trainingCurvesSpec([{ label: 'softmax', history }]));
 */
export function trainingCurvesSpec(curves: readonly TrainingCurve[]): TopLevelSpec {
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
    hconcat: [panel('loss', 'training loss'), ...(hasError ? [panel('testError', 'test top-1 error %')] : [])],
  };
}
