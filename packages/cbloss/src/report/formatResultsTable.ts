import type { RunResults } from '../types.js';
import { formatParameter, formatPercent } from './formatNumbers.js';
import { markdownTable } from './markdownTable.js';
import { lossName } from './runLabels.js';
import { optionText } from './runFacts.js';
import { runSettings } from './runSettings.js';
import { sharedValue } from './sharedValue.js';
import { shotThresholds } from './shotThresholds.js';
import { recordedOption } from './recordedOption.js';
import { parameterText } from './parameterText.js';

/**
 * The results of one or several runs as a markdown table for the terminal (`cbloss demo`, `cbloss train`):
 * one row per run with the loss, β, γ (focal only), top-1 error and the accuracy of the many/medium/few-shot
 * class groups, all in percent. The group thresholds (training samples per class) are stated in the
 * headers when all runs share them, else in each cell. A missing group prints `—`. A caption line under
 * the table records the dataset, imbalance factor and profile, seed, model, backend and package version.
 *
 * @example
 * console.log(formatResultsTable([softmaxRun, cbRun]));
 * // | Loss       | β      | γ | Top-1 error % | Many (>100) % | Medium (20–100) % | Few (<20) % |
 * // | :--------- | -----: | --: | ... |
 * // | softmax    |      0 | — |         28.30 |         90.10 |             70.00 |       40.00 |
 * // | CB softmax | 0.9999 | — |         25.10 | ...
 */
export function formatResultsTable(runs: readonly RunResults[]): string {
  const groups = runs.map((run) => shotThresholds(run.shotAccuracy));
  const first = groups[0];
  const shared = first !== undefined && groups.every((g) => g.many === first.many && g.few === first.few);
  const header = (name: string, range: string | undefined): string => (shared && range !== undefined ? `${name} (${range}) %` : `${name} %`);
  const columns = [
    { header: 'Loss' },
    { header: 'β', align: 'right' as const },
    { header: 'Parameters' },
    { header: 'Top-1 error %', align: 'right' as const },
    { header: header('Many', first?.many), align: 'right' as const },
    { header: header('Medium', first?.medium), align: 'right' as const },
    { header: header('Few', first?.few), align: 'right' as const },
  ];
  const cell = (value: number | null, range: string): string =>
    shared || value === null ? formatPercent(value) : `${formatPercent(value)} (${range})`;
  const rows = runs.map((run, i) => {
    const { beta, parameters } = runSettings(run);
    const shots = run.shotAccuracy;
    const g = groups[i] ?? shotThresholds(shots);
    return [lossName(run), formatParameter(beta), parameterText(parameters).join(', ') || formatParameter(undefined), formatPercent(run.top1Error), cell(shots.many, g.many), cell(shots.medium, g.medium), cell(shots.few, g.few)];
  });
  return `${markdownTable(columns, rows)}\n\n${resultsCaption(runs)}`;
}

/** Where the numbers of a results table come from: dataset, imbalance, seed, model, backend, version. */
function resultsCaption(runs: readonly RunResults[]): string {
  const option = (path: string) => (run: RunResults): string => optionText(recordedOption(run, path));
  return (
    `Top-1 error on the balanced test set; ${sharedValue(runs, (r) => r.dataset.name)}, ` +
    `imbalance factor ${sharedValue(runs, option('data.imbalanceFactor'))} (${sharedValue(runs, option('data.profile'))}), ` +
    `seed ${sharedValue(runs, option('seed'))}, model ${sharedValue(runs, option('model.name'))}, ` +
    `backend ${sharedValue(runs, (r) => r.backend)}, cbloss ${sharedValue(runs, (r) => r.version)}.`
  );
}
