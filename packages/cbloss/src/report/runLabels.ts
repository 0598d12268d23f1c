import type { RunResults } from '../types.js';
import { formatParameter } from './formatNumbers.js';
import { parameterText } from './parameterText.js';
import { runSettings } from './runSettings.js';

/**
 * A short human name for each run. With `names` (the run directories, as `cbloss report` passes them) each run is
 * called by its name: `'cb-focal'`. Without, as the paper names its rows: `'softmax'`, `'CB focal (β=0.999, γ=0.5)'`
 * (a run with β > 0 is class-balanced, "CB"). Labels are made unique (`' #2'`, `' #3'`, ...) so that they can serve
 * as legend entries and table columns.
 *
 * @example
 * runLabels([softmaxRun, cbSoftmaxRun]); // ['softmax', 'CB softmax (β=0.9999)']
 * runLabels([softmaxRun, cbSoftmaxRun], ['plain', 'balanced']); // ['plain', 'balanced']
 */
export function runLabels(runs: readonly RunResults[], names?: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return runs.map((run, i) => {
    const label = names?.[i] ?? runLabel(run);
    const count = (seen.get(label) ?? 0) + 1;
    seen.set(label, count);
    return count === 1 ? label : `${label} #${count}`;
  });
}

/**
 * The loss family of a run without its parameters: `'softmax'`, `'CB focal'`, ... (β > 0 means class-balanced).
 *
 * @example
 * lossName(cbFocalRun); // 'CB focal'
 */
export function lossName(run: RunResults): string {
  const { label, beta } = runSettings(run);
  return beta > 0 ? `CB ${label}` : label;
}

function runLabel(run: RunResults): string {
  const { beta, parameters: values, drwEpoch } = runSettings(run);
  const parameters = [
    ...(beta > 0 ? [`β=${formatParameter(beta)}`] : []),
    ...(beta > 0 && drwEpoch !== undefined ? [`DRW@${drwEpoch}`] : []),
    ...parameterText(values),
  ];
  const name = lossName(run);
  return parameters.length === 0 ? name : `${name} (${parameters.join(', ')})`;
}
