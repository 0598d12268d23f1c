import type { RunResults } from '../types.js';
import { sharedValue } from './sharedValue.js';
import { recordedOption } from './recordedOption.js';

/**
 * The header facts of a run report (dataset, imbalance, seed, backend, version, dates, ...), as label/value
 * pairs. A value that differs between runs is listed per run, separated by ` / ` in run order.
 *
 * @example
 * runFacts([softmaxRun, cbRun]);
 * // [['Dataset', 'fashion-mnist'], ['Source', '/usr/share/datasets/fashion-mnist'], ['Imbalance factor', '100 (exponential profile; measured 5000/50 = 100)'], ...]
 */
export function runFacts(runs: readonly RunResults[]): [string, string][] {
  const option = (path: string) => (run: RunResults): string => optionText(recordedOption(run, path));
  const counts = runs[0]?.samplesPerClass ?? [];
  const testCounts = runs[0]?.testSamplesPerClass ?? [];
  const max = Math.max(...counts);
  const min = Math.min(...counts);
  const facts: [string, string][] = [
    ['Dataset', sharedValue(runs, (r) => r.dataset.name)],
    ['Source', sharedValue(runs, (r) => r.dataset.source)],
    ['Classes', String(counts.length)],
    ['Imbalance factor', `${sharedValue(runs, option('data.imbalanceFactor'))} (${sharedValue(runs, option('data.profile'))} profile; measured ${max} / ${min} = ${formatRatio(max / min)})`],
    ['Training samples', `${sum(counts)} (largest class ${max}, smallest ${min})`],
    ['Test samples', `${sum(testCounts)}`],
    ['Model', sharedValue(runs, option('model.name'))],
    ['Epochs, batch size', `${sharedValue(runs, option('optimiser.epochs'))}, ${sharedValue(runs, option('optimiser.batchSize'))}`],
    ['Seed', sharedValue(runs, option('seed'))],
    ['Backend', sharedValue(runs, (r) => r.backend)],
    ['cbloss version', sharedValue(runs, (r) => r.version)],
    ['Started', sharedValue(runs, (r) => r.startedAt)],
    ['Finished', sharedValue(runs, (r) => r.finishedAt)],
  ];
  return facts;
}

/** An option value as text: numbers and strings as they are, anything else as JSON; `—` when absent. */
export function optionText(value: unknown): string {
  if (value === undefined || value === null) return '—';
  return typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : JSON.stringify(value);
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

function formatRatio(ratio: number): string {
  return Number.isFinite(ratio) ? String(Number(ratio.toPrecision(4))) : '∞';
}
