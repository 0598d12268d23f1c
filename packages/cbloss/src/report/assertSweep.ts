import type { SweepResults } from '../types.js';
import { CblossError } from '../CblossError.js';

/**
 * Checks, at the top of each exported sweep report function, that `sweep` looks like a `sweep.json`: an
 * object with a `cells` and a `table` array. Throws `CblossError('invalid-argument')` naming `fn`.
 *
 * @example
 * assertSweep('sweepReportPlots', { version: '1' });
 * // throws "sweepReportPlots: 'sweep' must have 'cells' and 'table' arrays; got an object with keys [version]."
 */
export function assertSweep(fn: string, sweep: SweepResults): void {
  if (sweep === null || typeof sweep !== 'object' || !Array.isArray(sweep.cells) || !Array.isArray(sweep.table)) {
    throw new CblossError('invalid-argument', `${fn}: 'sweep' must have 'cells' and 'table' arrays; got ${describe(sweep)}.`);
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  return typeof value !== 'object' ? typeof value : `an object with keys [${Object.keys(value).join(', ')}]`;
}
