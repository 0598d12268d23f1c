import type { RunResults } from '../types.js';

/**
 * The header facts of a run report (dataset, imbalance, seed, backend, version, dates, ...), as label/value
 * pairs. A value that differs between runs is listed per run, separated by ` / ` in run order.
 *
 * @example
 * runFacts([softmaxRun, cbRun]);
 * // [['Dataset', 'fashion-mnist'], ['Source', '/usr/share/datasets/fashion-mnist'], ['Imbalance factor', '100 (exponential profile; measured 5000/50 = 100)'], ...]
 */
export function runFacts(runs: readonly RunResults[]): [string, string][] {
  const option = (name: string) => (run: RunResults): string => optionText(run.options[name]);
  const counts = runs[0]?.samplesPerClass ?? [];
  const testCounts = runs[0]?.testSamplesPerClass ?? [];
  const max = Math.max(...counts);
  const min = Math.min(...counts);
  const facts: [string, string][] = [
    ['Dataset', shared(runs, (r) => r.dataset.name)],
    ['Source', shared(runs, (r) => r.dataset.source)],
    ['Classes', String(counts.length)],
    ['Imbalance factor', `${shared(runs, option('imbalanceFactor'))} (${shared(runs, option('profile'))} profile; measured ${max} / ${min} = ${formatRatio(max / min)})`],
    ['Training samples', `${sum(counts)} (largest class ${max}, smallest ${min})`],
    ['Test samples', `${sum(testCounts)}`],
    ['Model', shared(runs, option('model'))],
    ['Epochs, batch size', `${shared(runs, option('epochs'))}, ${shared(runs, option('batchSize'))}`],
    ['Seed', shared(runs, option('seed'))],
    ['Backend', shared(runs, (r) => r.backend)],
    ['cbloss version', shared(runs, (r) => r.version)],
    ['Started', shared(runs, (r) => r.startedAt)],
    ['Finished', shared(runs, (r) => r.finishedAt)],
  ];
  return facts;
}

/** The value of `get` for every run, once when all agree. */
function shared(runs: readonly RunResults[], get: (run: RunResults) => string): string {
  const values = runs.map(get);
  return new Set(values).size <= 1 ? (values[0] ?? '') : values.join(' / ');
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
