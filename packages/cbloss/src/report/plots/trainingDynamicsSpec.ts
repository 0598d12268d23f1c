import type { TopLevelSpec } from 'vega-lite';
import type { TrainingCurve } from './trainingCurvesSpec.js';

/**
 * What TensorBoard users look at next to the loss: the training accuracy (%) on the long-tailed training batches
 * and the learning rate (log scale: the warm-up and each ×0.01 decay are straight steps) per epoch, side by side,
 * one colored line with points per run. Both come from `RunResults.history` (`trainAccuracy`, `learningRate`, the
 * rate at the end of each epoch). Every point carries its values (`aria-label`, shown on hover as a tooltip by
 * `renderSvg`).
 *
 * @example
 * await renderSvg(trainingDynamicsSpec([{ label: 'softmax', history }]));
 */
export function trainingDynamicsSpec(curves: readonly TrainingCurve[]): TopLevelSpec {
  const series = curves.map((c) => c.label);
  const rows = curves.flatMap((c) =>
    c.history.map((e) => ({ run: c.label, epoch: e.epoch, trainAccuracy: e.trainAccuracy, learningRate: e.learningRate })),
  );
  const color = { field: 'run', type: 'nominal' as const, title: 'run', sort: series, legend: { orient: 'top' as const, direction: 'vertical' as const } };
  const x = { field: 'epoch', type: 'quantitative' as const, title: 'epoch', axis: { tickMinStep: 1, format: 'd' } };
  const panel = (field: 'trainAccuracy' | 'learningRate', title: string, scale: Record<string, unknown>) => ({
    width: 400,
    height: 220,
    // A rate of 0 (no warm-up progress yet) has no place on a log scale; a non-finite value none anywhere.
    transform: [{ filter: `isValid(datum.${field}) && isFinite(datum.${field})${field === 'learningRate' ? ' && datum.learningRate > 0' : ''}` }],
    mark: { type: 'line' as const, point: { size: 20 } },
    encoding: { x, y: { field, type: 'quantitative' as const, title, scale }, color },
  });
  return {
    data: { values: rows },
    hconcat: [panel('trainAccuracy', 'training accuracy %', { domain: [0, 100] }), panel('learningRate', 'learning rate (log scale)', { type: 'log' })],
  };
}
