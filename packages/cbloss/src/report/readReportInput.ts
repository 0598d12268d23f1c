import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { assertRunResults, parseRunResults } from '../run/parseRunResults.js';
import { upgradeSweep } from '../sweep/upgradeSweep.js';
import type { RunResults, SweepResults } from '../types.js';
import { CblossError } from '../CblossError.js';

/** What `cbloss report DIR` renders: a sweep, or runs of one dataset with the name of each. */
export type ReportInput =
  | { readonly kind: 'sweep'; readonly sweep: SweepResults }
  | { readonly kind: 'runs'; readonly runs: readonly RunResults[]; readonly names: readonly string[] };

/**
 * Reads what a report directory holds, checking every file it reads (a damaged file gives one line naming the
 * file and the field, see `parseRunResults`):
 * - `DIR/sweep.json` → the sweep (each finished cell's results checked too);
 * - `DIR/results.json` → that run;
 * - otherwise every `DIR/<sub>/results.json`, sorted by directory name.
 *
 * Each run is named by its `name` field when results.json has one, else by its directory name (`runs/cb-focal` →
 * `cb-focal`), never by an ordinal. Runs of different datasets are refused with a message listing which run has
 * which dataset, since one page compares runs on one test set (its class names, counts and title): report each
 * group with its own directory.
 *
 * @throws CblossError 'not-found' when `dir` is not a directory or holds nothing to report; 'invalid-file' for a
 *   damaged file; 'invalid-argument' for runs of several datasets.
 * @example
 * const input = readReportInput('runs/demo'); // { kind: 'runs', runs: [...], names: ['cb-softmax', 'softmax'] }
 */
export function readReportInput(dir: string): ReportInput {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new CblossError('not-found', `report: 'DIR' must be an existing directory; got '${dir}'.`);
  }
  const sweepPath = join(dir, 'sweep.json');
  if (existsSync(sweepPath)) return { kind: 'sweep', sweep: readSweep(sweepPath) };
  const single = join(dir, 'results.json');
  if (existsSync(single)) {
    const run = readRun(single);
    return { kind: 'runs', runs: [run], names: [run.name ?? basename(resolve(dir))] };
  }
  const found = readdirSync(dir)
    .sort()
    .filter((name) => existsSync(join(dir, name, 'results.json')))
    .map((name) => ({ name, run: readRun(join(dir, name, 'results.json')) }));
  if (found.length === 0) {
    throw new CblossError(
      'not-found',
      `report: 'DIR' must hold sweep.json, results.json or run directories with results.json; got '${dir}' with none.`,
    );
  }
  assertOneDataset(dir, found);
  return { kind: 'runs', runs: found.map((f) => f.run), names: found.map((f) => f.run.name ?? f.name) };
}

type NamedRun = RunResults & { readonly name?: string };

function readRun(path: string): NamedRun {
  return parseRunResults('report', path, readFileSync(path, 'utf8'));
}

function readSweep(path: string): SweepResults {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, 'utf8')) as unknown;
  } catch (error) {
    throw new CblossError('invalid-file', `report: '${path}' must be valid JSON; got ${(error as Error).message}.`);
  }
  const raw = value as { cells?: unknown; table?: unknown };
  if (value === null || typeof value !== 'object' || Array.isArray(value) || !Array.isArray(raw.cells) || !Array.isArray(raw.table)) {
    throw new CblossError('invalid-file', `report: '${path}' must have 'cells' and 'table' arrays (a cbloss sweep); got ${JSON.stringify(value)?.slice(0, 40)}.`);
  }
  (raw.cells as unknown[]).forEach((cell, i) => {
    const results = (cell as { results?: unknown } | null)?.results;
    if (results !== undefined) assertRunResults('report', path, results, `cells[${i}].results.`);
  });
  // Written by an older cbloss: read as today's sweep (nested options).
  return upgradeSweep(value, path);
}

/** Refuses runs of several datasets (by name and number of classes), naming the runs of each. */
function assertOneDataset(dir: string, found: readonly { readonly name: string; readonly run: RunResults }[]): void {
  const groups = new Map<string, string[]>();
  for (const { name, run } of found) {
    const key = `${run.dataset.name} (${run.dataset.classNames.length} classes)`;
    groups.set(key, [...(groups.get(key) ?? []), name]);
  }
  if (groups.size <= 1) return;
  const listed = [...groups].map(([key, names]) => `${key}: ${names.join(', ')}`).join('; ');
  throw new CblossError(
    'invalid-argument',
    `report: 'DIR' must hold runs of one dataset (one page compares runs on one test set); got '${dir}' with ${listed}. Move the runs of each dataset into their own directory and report each.`,
  );
}
