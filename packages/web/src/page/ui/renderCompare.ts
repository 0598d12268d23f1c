import { confusionMatrixSpec } from 'cbloss-plots/confusionMatrixSpec.js';
import { groupedBarsSpec } from 'cbloss-plots/groupedBarsSpec.js';
import type { RunRecord } from '../report/RunRecord.js';
import { byId, num, renderTable, text } from './dom.js';
import { showPlot } from './showPlot.js';

/**
 * Section 5: every run of the session in one table (method, epochs, top-1, balanced, many/medium/few), and
 * the last two runs side by side: per-class accuracy bars and their confusion matrices.
 */
export async function renderCompare(runs: readonly RunRecord[]): Promise<void> {
  renderTable(
    byId('runs-table'),
    ['run', 'epochs', 'backend', 'top-1 %', 'balanced %', 'many %', 'medium %', 'few %'],
    runs.map((run) => [
      text(run.label),
      num(run.history.length, 0),
      text(run.backend),
      num(run.metrics.accuracy, 1),
      num(run.metrics.balancedAccuracy, 1),
      num(run.metrics.shots.many, 1),
      num(run.metrics.shots.medium, 1),
      num(run.metrics.shots.few, 1),
    ]),
  );
  const pair = runs.slice(-2);
  const first = pair[0];
  if (first === undefined) return;
  const container = byId('compare-confusion');
  container.replaceChildren(
    ...pair.map((run, i) => {
      const figure = document.createElement('figure');
      const plot = document.createElement('div');
      plot.id = `compare-confusion-${i + 1}`;
      plot.className = 'plot';
      const caption = document.createElement('figcaption');
      caption.textContent = `Confusion matrix of ${run.label}`;
      figure.append(plot, caption);
      return figure;
    }),
  );
  await Promise.all([
    showPlot(byId('compare-accuracy-plot'), groupedBarsSpec(first.data.classNames, pair.map((r) => r.label), pair.map((r) => r.metrics.perClass), { yTitle: 'held-out accuracy %', yDomain: [0, 100] })),
    ...pair.map((run, i) => showPlot(byId(`compare-confusion-${i + 1}`), confusionMatrixSpec(run.metrics.confusion, run.data.classNames))),
  ]);
}
