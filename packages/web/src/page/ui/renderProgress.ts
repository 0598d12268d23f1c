import { groupedBarsSpec } from 'cbloss-plots/groupedBarsSpec.js';
import { trainingCurvesSpec } from 'cbloss-plots/trainingCurvesSpec.js';
import type { EpochRecord } from '../train/Trainer.js';
import { byId } from './dom.js';
import { showPlot } from './showPlot.js';

/**
 * The live plots of section 3 for the run being trained: training loss and held-out error per epoch, and
 * held-out accuracy per class after the last epoch.
 */
export async function renderProgress(label: string, classNames: readonly string[], history: readonly EpochRecord[]): Promise<void> {
  const last = history[history.length - 1];
  await Promise.all([
    showPlot(byId('curves-plot'), trainingCurvesSpec([{ label, history }], { errorTitle: 'held-out error %' })),
    last === undefined
      ? Promise.resolve()
      : showPlot(byId('live-accuracy-plot'), groupedBarsSpec(classNames, [label], [last.perClass], { yTitle: 'held-out accuracy %', yDomain: [0, 100] })),
  ]);
}
