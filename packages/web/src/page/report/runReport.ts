import type { RunRecord } from './RunRecord.js';

/** The report of a run as a JSON document (what the page's "export report" downloads). */
export interface RunReport {
  readonly generator: string;
  readonly libraryVersion: string;
  readonly run: RunRecord;
}

/**
 * The exported report of a run: the run record (data profile with train/test counts and imbalance factor,
 * method, β, γ, seed, backend, settings, class weights, epoch history, held-out metrics) and the library
 * version, as pretty-printed JSON.
 *
 * @example
 * runReport(run, '0.1.0'); // '{\n  "generator": "class-balanced-loss-web", "libraryVersion": "0.1.0", "run": { … } }'
 */
export function runReport(run: RunRecord, libraryVersion: string): string {
  const report: RunReport = { generator: 'class-balanced-loss-web', libraryVersion, run };
  return `${JSON.stringify(report, null, 2)}\n`;
}
