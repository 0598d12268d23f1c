import type { RunResults } from '../types.js';
import { classCountsSpec } from './plots/classCountsSpec.js';
import { confusionMatrixClasses, toDenseConfusionMatrix } from '../eval/storedConfusionMatrix.js';
import { CONFUSION_PLOT_MAX_CLASSES, confusionMatrixSpec } from './plots/confusionMatrixSpec.js';
import { effectiveNumberSpec } from './plots/effectiveNumberSpec.js';
import { groupedBarsSpec } from './plots/groupedBarsSpec.js';
import { renderSvg } from './plots/renderSvg.js';
import { trainingCurvesSpec } from './plots/trainingCurvesSpec.js';
import { trainingDynamicsSpec } from './plots/trainingDynamicsSpec.js';
import { runLabels } from './runLabels.js';
import { runSettings } from './runSettings.js';
import { recordedOption } from './recordedOption.js';

/** One rendered plot of a report. */
export interface ReportPlot {
  /** Stable identifier, also the file name used by `exportPlots` (e.g. `'class-counts'`, `'confusion-2'`). */
  readonly id: string;
  readonly title: string;
  /** One or two sentences saying how to read the plot (plain text, escaped by the page). */
  readonly caption: string;
  /** Standalone SVG document (with its `xmlns`). */
  readonly svg: string;
}

/**
 * Renders every plot of a run report, in page order: class counts, effective numbers, class weights,
 * per-class accuracy, training curves (loss, held-out error), training accuracy and learning rate, and one
 * confusion matrix per run of at most `CONFUSION_PLOT_MAX_CLASSES` classes (none beyond: too many cells to read). `runs` must already be checked
 * (see `assertRuns`); class names and counts are taken from the first run. `runNames` label the runs (see
 * `runLabels`; default: by loss).
 *
 * @example
 * const plots = await runReportPlots([softmaxRun, cbRun]);
 * plots.map((p) => p.id); // ['class-counts', 'effective-number', 'class-weights', 'per-class-accuracy',
 *                         //  'training-curves', 'training-dynamics', 'confusion-1', 'confusion-2']
 */
export async function runReportPlots(runs: readonly RunResults[], runNames?: readonly string[]): Promise<ReportPlot[]> {
  const first = runs[0];
  if (first === undefined) return [];
  const names = first.dataset.classNames;
  const labels = runLabels(runs, runNames);
  const maxCount = Math.max(...first.samplesPerClass);
  // Runs with a validation split record its class-balanced error per epoch, not the test error.
  const validated = runs.some((run) => Number(recordedOption(run, 'data.validationFraction') ?? 0) > 0);
  const heldOut = validated
    ? { title: 'validation error % (class-balanced)', caption: 'the class-balanced error (%) on the validation split' }
    : { title: 'test top-1 error %', caption: 'test top-1 error (%)' };
  const plots: { id: string; title: string; caption: string; spec: Parameters<typeof renderSvg>[0] }[] = [
    {
      id: 'class-counts',
      title: 'Training samples per class',
      caption: 'Number of training images of each class after the long-tail construction (log scale).',
      spec: classCountsSpec(first.samplesPerClass, names),
    },
    {
      id: 'effective-number',
      title: 'Effective number of samples',
      caption:
        'Eₙ = (1 − βⁿ)/(1 − β) against n for several β; the dashed line is Eₙ = n (β → 1). Points are the classes of the class-balanced runs.',
      spec: effectiveNumberSpec(
        maxCount,
        runs.map((run) => ({ beta: runSettings(run).beta, samplesPerClass: run.samplesPerClass, effectiveNumbers: run.effectiveNumbers })),
      ),
    },
    {
      id: 'class-weights',
      title: 'Class weights',
      caption: 'Weight of each class in the loss, by run: (1 − β)/(1 − βⁿ) normalised to sum to the number of classes. The dashed line is weight 1 (no re-weighting).',
      spec: groupedBarsSpec(names, labels, runs.map((r) => r.classWeights), { yTitle: 'class weight', rule: 1 }),
    },
    {
      id: 'per-class-accuracy',
      title: 'Per-class test accuracy',
      caption: 'Top-1 accuracy (%) on the balanced test set, class by class, for each run side by side.',
      spec: groupedBarsSpec(names, labels, runs.map((r) => r.perClassAccuracy), { yTitle: 'accuracy %', yDomain: [0, 100] }),
    },
    {
      id: 'training-curves',
      title: 'Training curves',
      caption: `Mean training loss and ${heldOut.caption} per epoch, one line per run. Different losses (softmax, sigmoid, focal, weighted or not) have different scales: compare their shapes, not their values.`,
      spec: trainingCurvesSpec(
        runs.map((run, i) => ({ label: labels[i] ?? String(i), history: run.history })),
        { errorTitle: heldOut.title },
      ),
    },
    {
      id: 'training-dynamics',
      title: 'Training accuracy and learning rate',
      caption:
        'Accuracy (%) on the long-tailed training batches and the learning rate (log scale) at the end of each epoch: the warm-up, then each ×0.01 decay as a step. Hover a point for its values.',
      spec: trainingDynamicsSpec(runs.map((run, i) => ({ label: labels[i] ?? String(i), history: run.history }))),
    },
    // Drawn up to CONFUSION_PLOT_MAX_CLASSES classes (dense or sparse in the file); beyond, renderRunReport lists the top confusions.
    ...runs.flatMap((run, i) =>
      confusionMatrixClasses(run.confusionMatrix) > CONFUSION_PLOT_MAX_CLASSES
        ? []
        : [{
            id: `confusion-${i + 1}`,
            title: `Confusion matrix: ${labels[i] ?? String(i)}`,
            caption: 'Rows are true classes, columns predictions; color is the share of the row (% of the true class), numbers are counts.',
            spec: confusionMatrixSpec(toDenseConfusionMatrix(run.confusionMatrix), names),
          }],
    ),
  ];
  const rendered: ReportPlot[] = [];
  // One at a time: vega views are cheap, and sequential rendering keeps the page order deterministic.
  for (const { spec, ...plot } of plots) rendered.push({ ...plot, svg: await renderSvg(spec, plot.id) });
  return rendered;
}
