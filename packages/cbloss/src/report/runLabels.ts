import type { RunResults } from '../types.js';
import { formatParameter } from './formatNumbers.js';
import { parameterText } from './parameterText.js';
import { runSettings } from './runSettings.js';

/**
 * A short human name for each run, as the paper names its rows: `'softmax'`, `'CB focal (β=0.999, γ=0.5)'`.
 * A run with β > 0 is class-balanced ("CB"). Names are made unique (`' #2'`, `' #3'`, ...) so that they can
 * serve as legend entries and table columns.
 *
 * @example
 * runLabels([softmaxRun, cbSoftmaxRun]); // ['softmax', 'CB softmax (β=0.9999)']
 */
export function runLabels(runs: readonly RunResults[]): string[] {
  const seen = new Map<string, number>();
  return runs.map((run) => {
    const label = runLabel(run);
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
