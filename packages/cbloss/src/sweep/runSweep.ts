import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseRunResults } from '../run/parseRunResults.js';
import { prepareOutDir } from '../run/prepareOutDir.js';
import { resolveRunOptions } from '../run/resolveRunOptions.js';
import { RunOptionsError } from '../run/RunOptionsError.js';
import { checkSweepDirectory } from './checkSweepDirectory.js';
import type { RunOptions, RunOptionsInput, SweepResults } from '../types.js';
import { runGrid, type GridCellRunner } from '../grid/runGrid.js';
import { upgradeSweep } from './upgradeSweep.js';
import { sweepCells, type SweepGrid } from './sweepCells.js';
import { summarizeSweep, type SweepCellResult } from './summarizeSweep.js';
import { unweightedTwin } from './unweightedTwin.js';
import { CblossError } from '../CblossError.js';

/**
 * The options every cell of a sweep shares: the run options without what each cell sets (`data.imbalanceFactor`,
 * `loss.method`, `loss.beta`, `loss.parameters`, `seed`) and without `output` (each cell has its directory).
 */
export type SweepBaseOptions = Omit<RunOptions, 'output' | 'seed' | 'data' | 'loss'> & {
  readonly data: Omit<RunOptions['data'], 'imbalanceFactor'>;
  readonly loss: Omit<RunOptions['loss'], 'method' | 'beta' | 'parameters'>;
};

/**
 * A resumed sweep must train its new cells like its old ones, or its table would mix two experiments: every group of
 * the shared options must be as before except `compute` (where and how to compute, not what), as for `train --resume`.
 */
function assertSameBaseOptions(previous: Readonly<Record<string, unknown>>, current: SweepBaseOptions): void {
  for (const [group, value] of Object.entries(current)) {
    if (group === 'compute') continue;
    const values = value as Readonly<Record<string, unknown>>;
    const before = (previous[group] ?? {}) as Readonly<Record<string, unknown>>;
    for (const key of new Set([...Object.keys(before), ...Object.keys(values)])) {
      if (JSON.stringify(before[key]) === JSON.stringify(values[key])) continue;
      throw new RunOptionsError(
        'runSweep',
        `${group}.${key}`,
        `be the same as in the sweep being resumed (${JSON.stringify(before[key]) ?? 'not set'})`,
        values[key] ?? 'not set',
      );
    }
  }
}

/** What {@link runSweep} needs besides the grid. */
export interface RunSweepOptions {
  readonly grid: SweepGrid;
  /**
   * Options shared by every cell (dataset, model, epochs, validation fraction, ...); the cell sets the rest and `output`
   * is the cell's directory. Stored in `sweep.json` with the defaults filled in.
   */
  readonly baseOptions: Omit<RunOptionsInput, 'output' | 'seed'>;
  /** The sweep directory: each cell runs in `out/<cell.id>/`, the summary is `out/sweep.json`. */
  readonly out: string;
  /** Continue a sweep: skip cells whose `results.json` exists, resume a crashed cell from its checkpoint. */
  readonly resume: boolean;
  /** Run every cell again, replacing the results of a sweep in `out` (see {@link checkSweepDirectory}). */
  readonly overwrite?: boolean;
  /** cbloss version recorded in `sweep.json`. */
  readonly version: string;
}

/** Hooks of {@link runSweep}; `runCell` replaces `runExperiment` (tests use a fast stand-in). */
export interface RunSweepHooks {
  readonly log?: (line: string) => void;
  readonly signal?: AbortSignal;
  readonly runCell?: GridCellRunner;
}

function readJson<T>(path: string): T {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch (error) {
    throw new CblossError('invalid-file', `runSweep: '${path}' must be valid JSON; got ${(error as Error).message}.`);
  }
}

/**
 * Runs every cell of a sweep one after the other (each with `runExperiment` in `out/<cell.id>/`, in the frame of
 * {@link runGrid}, which `runComparison` shares) and rewrites
 * `out/sweep.json` (a {@link SweepResults}) atomically after each cell, so an interrupted sweep always leaves a
 * valid summary. With `resume`, cells whose `results.json` exists are read back instead of re-run and a cell
 * with a checkpoint continues from it; without `resume`, an existing `out/sweep.json` is an error (so a sweep is
 * never silently mixed with an older one), and a resumed sweep must keep its shared options (only the `compute`
 * group may change); its grid may grow (more β, seeds, ...): finished cells are reused. A β > 0
 * cell whose class weights are all 1 (equal training counts, as at imbalance factor 1, or counts so large that every
 * E_n has reached 1/(1-β)) is not trained again: it takes the results of its finished β = 0 twin and records
 * `sameAs` (see {@link unweightedTwin}). β and the parameters are chosen on validation error when
 * `baseOptions.data.validationFraction > 0`, else on test error (recorded in `selection`). When `signal` aborts (Ctrl-C),
 * the running cell saves its checkpoint and the sweep returns what it has (`complete: false`); rerun with
 * `resume` to continue.
 *
 * @example
 * const { sweep } = await runSweep({ grid, baseOptions: { data: { dataset: 'fashion-mnist' }, optimiser: { epochs: 20 } }, out: 'runs/sweep',
 *   resume: false, version: '0.1.0' });
 * console.log(sweep.table);
 */
export async function runSweep(
  options: RunSweepOptions,
  hooks: RunSweepHooks = {},
): Promise<{ sweep: SweepResults; complete: boolean }> {
  const started = Date.now();
  const runCell = hooks.runCell ?? (await import('../run/runExperiment.js')).runExperiment;
  const cells = sweepCells(options.grid);
  // Validate the shared options once, before any cell runs, so a bad flag fails immediately; keep them with their
  // defaults filled in (model, epochs, ...) so that sweep.json and its report say exactly what every cell ran.
  const base = options.baseOptions;
  const resolved = resolveRunOptions({ ...base, loss: { drwEpoch: base.loss?.drwEpoch }, output: { out: join(options.out, 'check') } });
  const { imbalanceFactor: _if, ...sharedData } = resolved.data;
  const shared: SweepBaseOptions = {
    data: sharedData,
    loss: resolved.loss.drwEpoch === undefined ? {} : { drwEpoch: resolved.loss.drwEpoch },
    model: resolved.model,
    optimiser: resolved.optimiser,
    compute: resolved.compute,
  };
  const selection = shared.data.validationFraction > 0 ? 'validation' : 'test';
  const summaryPath = join(options.out, 'sweep.json');
  let previousSeconds = 0;
  const { summary, complete } = await runGrid<SweepCellResult, SweepResults>(
    {
      out: options.out,
      cells: cells.map((cell) => ({ ...cell })),
      runOptions: (cell, dir, resume) =>
        resolveRunOptions({
          ...shared,
          data: { ...shared.data, imbalanceFactor: cell.imbalanceFactor },
          loss: { ...shared.loss, method: cell.loss, beta: cell.beta, parameters: cell.parameters },
          seed: cell.seed,
          output: { out: dir, resume },
        }),
      prepare: async () => {
        await prepareOutDir('runSweep', options.out);
        checkSweepDirectory('runSweep', options.out, cells.map((cell) => cell.id), { resume: options.resume, overwrite: options.overwrite === true });
        if (options.resume && existsSync(summaryPath)) {
          const previous = upgradeSweep(readJson<unknown>(summaryPath), summaryPath);
          assertSameBaseOptions(previous.baseOptions ?? {}, shared);
          previousSeconds = previous.wallSeconds ?? 0;
        }
      },
      resume: options.resume,
      ...(options.overwrite === true ? { overwrite: true } : {}),
      readResults: (path) => parseRunResults('sweep', path, readFileSync(path, 'utf8')),
      summaryPath,
      summarize: (done) => ({
        version: options.version,
        baseOptions: shared,
        cells: done,
        table: summarizeSweep(done, { selection }),
        selection,
        wallSeconds: previousSeconds + (Date.now() - started) / 1000,
      }),
      // All class weights 1 (equal counts, or every E_n saturated at 1/(1-β)): the cell would repeat its β = 0 twin.
      reuse: (cell, done) => {
        const twin = unweightedTwin(cell, done);
        if (twin === undefined) return undefined;
        return {
          cell: { ...cell, results: twin.results, sameAs: twin.id },
          note:
            `every class weight is 1 at β = ${cell.beta} for the training counts ` +
            `${twin.results.samplesPerClass.join('/')}: same run as ${twin.id}, reused`,
        };
      },
    },
    { runCell, ...(hooks.log ? { log: hooks.log } : {}), ...(hooks.signal ? { signal: hooks.signal } : {}) },
  );
  return { sweep: summary, complete };
}
