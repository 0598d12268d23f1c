import { confusionMatrixSpec } from 'cbloss-plots/confusionMatrixSpec.js';
import type { RunRecord } from '../report/RunRecord.js';
import { byId, num, renderTable, text } from './dom.js';
import { showPlot } from './showPlot.js';

/** The shot groups' row labels, e.g. `'many-shot (> 100 train)'`. */
function shotRows(run: RunRecord): [string, number | null][] {
  const { shots } = run.metrics;
  const t = (v: number): string => String(Number(v.toPrecision(4)));
  return [
    [`many-shot classes (> ${t(shots.manyAbove)} train)`, shots.many],
    [`medium-shot classes (${t(shots.fewBelow)}–${t(shots.manyAbove)} train)`, shots.medium],
    [`few-shot classes (< ${t(shots.fewBelow)} train)`, shots.few],
  ];
}

/**
 * Section 4 for a run: top-1 and balanced accuracy, many/medium/few-shot accuracy, the per-class table
 * (class, training samples, weight, held-out samples, accuracy) and the confusion matrix.
 */
export async function renderResults(run: RunRecord): Promise<void> {
  byId('results-run').textContent = `${run.label}${run.status === 'stopped' ? ' (stopped)' : ''}, after ${run.history.length} epochs`;
  renderTable(byId('summary-table'), ['held-out accuracy', '%'], [
    [text('top-1 (all held-out samples)'), num(run.metrics.accuracy, 1)],
    [text('balanced (mean over classes)'), num(run.metrics.balancedAccuracy, 1)],
    ...shotRows(run).map(([name, value]) => [text(name), num(value, 1)]),
  ]);
  renderTable(
    byId('per-class-table'),
    ['class', 'train', 'weight', 'held out', 'accuracy %'],
    run.data.classNames.map((name, c) => [
      text(name),
      num(run.data.trainCounts[c] ?? 0, 0),
      num(run.weights[c] ?? 0, 4),
      num(run.data.testCounts[c] ?? 0, 0),
      num(run.metrics.perClass[c] ?? null, 1),
    ]),
  );
  await showPlot(byId('confusion-plot'), confusionMatrixSpec(run.metrics.confusion, run.data.classNames));
}
