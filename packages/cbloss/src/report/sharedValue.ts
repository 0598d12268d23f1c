import type { RunResults } from '../types.js';

/**
 * The value of `get` for every run, written once when all runs agree, else per run joined by `' / '` in
 * run order — so that a report header never hides that two runs differ (e.g. in backend or seed).
 *
 * @example
 * sharedValue([cpuRun, cpuRun], (r) => r.backend);      // 'cpu'
 * sharedValue([cpuRun, libtorchRun], (r) => r.backend); // 'cpu / libtorch'
 */
export function sharedValue(runs: readonly RunResults[], get: (run: RunResults) => string): string {
  const values = runs.map(get);
  return new Set(values).size <= 1 ? (values[0] ?? '') : values.join(' / ');
}
