import { join } from 'node:path';
import { formatPerClassTable } from '../report/formatPerClassTable.js';
import { formatResultsTable } from '../report/formatResultsTable.js';
import type { RunResults } from '../types.js';

/**
 * The end-of-run summary printed by `train`, `eval` and `demo`: the results table (top-1 error and
 * many/medium/few-shot accuracy), the per-class accuracy table and where the files are.
 */
export function runSummary(runs: readonly RunResults[], classNames: readonly string[], dirs: readonly string[]): string {
  const files = dirs.map((dir) => `results: ${join(dir, 'results.json')}`).join('\n');
  return `\n${formatResultsTable(runs)}\n\n${formatPerClassTable(runs, classNames)}\n\n${files}\n`;
}
