import type { EpochRecord } from '../types.js';
import { escapeHtml } from './escapeHtml.js';
import { definitionList, htmlPage, plotFigure } from './htmlPage.js';
import { renderSvg } from './plots/renderSvg.js';
import { trainingCurvesSpec } from './plots/trainingCurvesSpec.js';
import { trainingDynamicsSpec } from './plots/trainingDynamicsSpec.js';

/** A run in progress, as {@link renderLiveReport} shows it. */
export interface LiveRun {
  /** The run's name (its directory name). */
  readonly name: string;
  /** The run directory, for the resume command of an interrupted run. */
  readonly dir: string;
  readonly dataset: string;
  /** Epochs the run will train. */
  readonly epochs: number;
  /** The epochs done so far. */
  readonly history: readonly EpochRecord[];
  /** What `history[].testError` measures. */
  readonly heldOut: 'validation' | 'test';
  /** `'training'` reloads the page every `refreshSeconds`; `'interrupted'` (Ctrl-C) does not. */
  readonly status: 'training' | 'interrupted';
}

/** How often the live page reloads itself while the run trains. */
export const LIVE_REFRESH_SECONDS = 10;

/**
 * The page `cbloss train` rewrites in `DIR/report.html` after every epoch, to watch a run as it trains (what
 * TensorBoard's scalars give): where it stands (epoch k of N, last loss, training accuracy, learning rate and
 * held-out error) and the curves so far — loss and held-out error, training accuracy and learning rate, values on
 * hover. While the run trains, the page reloads itself every {@link LIVE_REFRESH_SECONDS} s; the full report
 * (`renderRunReport`) replaces it when the run ends. Pure: no I/O.
 *
 * @example
 * writeReport('runs/a/report.html', await renderLiveReport({ name: 'a', dir: 'runs/a', dataset: 'fashion-mnist', epochs: 200,
 *   history, heldOut: 'test', status: 'training' }));
 */
export async function renderLiveReport(run: LiveRun): Promise<string> {
  const last = run.history.at(-1);
  const done = last?.epoch ?? 0;
  const training = run.status === 'training';
  const title = `${run.name}: ${training ? 'training' : 'interrupted'}, epoch ${done} of ${run.epochs} (${run.dataset})`;
  const heldOutLabel = run.heldOut === 'validation' ? 'validation error % (class-balanced)' : 'test top-1 error %';
  const lastError = [...run.history].reverse().find((e) => e.testError !== undefined)?.testError;
  const facts: [string, string][] = [
    ['Run', run.name],
    ['Dataset', run.dataset],
    ['Epoch', `${done} of ${run.epochs}`],
    ...(last ? ([
      ['Loss', last.loss.toFixed(4)],
      ['Training accuracy', `${last.trainAccuracy.toFixed(1)}%`],
      ['Learning rate', String(Number(last.learningRate.toPrecision(3)))],
    ] as [string, string][]) : []),
    ...(lastError !== undefined
      ? ([[run.heldOut === 'validation' ? 'Validation error (class-balanced)' : 'Test top-1 error', `${lastError.toFixed(2)}%`]] as [string, string][])
      : []),
  ];
  const curves = [{ label: run.name, history: run.history }];
  const figures =
    run.history.length === 0
      ? '<p class="note">No epoch has finished yet.</p>'
      : [
          plotFigure({
            id: 'training-curves',
            title: 'Training curves',
            caption: `Mean training loss and ${heldOutLabel} per epoch. Hover a point for its values.`,
            svg: await renderSvg(trainingCurvesSpec(curves, { errorTitle: heldOutLabel }), 'training-curves'),
          }),
          plotFigure({
            id: 'training-dynamics',
            title: 'Training accuracy and learning rate',
            caption: 'Accuracy (%) on the long-tailed training batches and the learning rate (log scale) at the end of each epoch.',
            svg: await renderSvg(trainingDynamicsSpec(curves), 'training-dynamics'),
          }),
        ].join('\n');
  const note = training
    ? `<p class="note">This page reloads every ${LIVE_REFRESH_SECONDS} s while the run trains; the full report replaces it when the run ends.</p>`
    : `<p class="note">Training was interrupted; continue it with <code>cbloss train --out ${escapeHtml(run.dir)} --resume</code>.</p>`;
  const body = `<section>\n${definitionList(facts)}\n${note}\n</section>\n<section>\n<h2>Training</h2>\n${figures}\n</section>`;
  return htmlPage(title, body, training ? { refreshSeconds: LIVE_REFRESH_SECONDS } : {});
}
