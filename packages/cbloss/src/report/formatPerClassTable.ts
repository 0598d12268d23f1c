import type { RunResults } from '../types.js';
import { formatPercent } from './formatNumbers.js';
import { markdownTable } from './markdownTable.js';
import { runLabels } from './runLabels.js';
import { CblossError } from '../CblossError.js';

/**
 * Per-class accuracy of several runs side by side, as a markdown table for the terminal: one row per class
 * (index, name, training count of the first run), one column per run (accuracy in percent, `—` when the
 * class has no test sample). Shows where re-weighting helps: the tail classes at the bottom of a
 * long-tailed split.
 *
 * Throws `CblossError('shape-mismatch')` when a run has a different number of classes than `classNames`.
 *
 * @example
 * console.log(formatPerClassTable([softmaxRun, cbRun], ['T-shirt/top', 'Trouser']));
 * // | # | Class       | Train n | softmax | CB softmax (β=0.9999) |
 * // | --: | :-------- | ------: | ------: | --------------------: |
 * // | 0 | T-shirt/top |    5000 |   85.20 |                 84.90 |
 * // | 1 | Trouser     |      50 |   40.10 |                 61.30 |
 */
export function formatPerClassTable(runs: readonly RunResults[], classNames: readonly string[]): string {
  runs.forEach((run, i) => {
    if (run.perClassAccuracy.length !== classNames.length) {
      throw new CblossError(
        'shape-mismatch',
        `formatPerClassTable: 'runs[${i}].perClassAccuracy' must have one entry per class name (${classNames.length}); got ${run.perClassAccuracy.length}.`,
      );
    }
  });
  const counts = runs[0]?.samplesPerClass ?? [];
  const columns = [
    { header: '#', align: 'right' as const },
    { header: 'Class' },
    { header: 'Train n', align: 'right' as const },
    ...runLabels(runs).map((label) => ({ header: `${label} %`, align: 'right' as const })),
  ];
  const rows = classNames.map((name, c) => [
    String(c),
    name,
    counts[c] === undefined ? '' : String(counts[c]),
    ...runs.map((run) => formatPercent(run.perClassAccuracy[c] ?? null)),
  ]);
  return markdownTable(columns, rows);
}
