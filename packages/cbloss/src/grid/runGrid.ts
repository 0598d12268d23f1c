import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { TrainingInterruptedError } from '../train/TrainingInterruptedError.js';
import { writeFileAtomic } from '../train/writeFileAtomic.js';
import type { RunOptions, RunResults } from '../types.js';

/** One run of a grid: its directory under the grid's (`out/<id>/`) and, once finished, its results. */
export interface GridCell {
  readonly id: string;
  readonly results?: RunResults;
}

/** Trains one cell: `runExperiment`, or a fast stand-in in tests. */
export type GridCellRunner = (
  options: RunOptions,
  hooks: { log?: (line: string) => void; signal?: AbortSignal; overwrite?: boolean },
) => Promise<RunResults>;

/** What {@link runGrid} runs, and how its caller (a sweep, a comparison) names, reads and summarises the cells. */
export interface GridPlan<C extends GridCell, S> {
  /** The grid's directory: cell `id` runs in `out/<id>/`. */
  readonly out: string;
  /** Every cell, in the order they run, without results. */
  readonly cells: readonly C[];
  /** The run options of `cell` in `dir`; called for every cell (with `resume: false`) before anything runs. */
  readonly runOptions: (cell: C, dir: string, resume: boolean) => RunOptions;
  /** Checks and prepares `out` once every cell is known to be valid (refusals, creating it, a resumed summary). */
  readonly prepare: () => void | Promise<void>;
  /** Continue: finished cells (with `results.json`) are read back, a started one resumes from its checkpoint. */
  readonly resume: boolean;
  /** Passed to every cell: replace the results found in its directory. */
  readonly overwrite?: boolean;
  /** Reads a finished cell's `results.json` back (the caller's check of the file). */
  readonly readResults: (path: string) => RunResults;
  /** The summary file, rewritten atomically with `summarize(cells)` after every cell. */
  readonly summaryPath: string;
  readonly summarize: (cells: readonly C[]) => S;
  /** A cell that need not train: the finished cell it takes its results from (`cell`) and the line to log. */
  readonly reuse?: (cell: C, done: readonly C[]) => { readonly cell: C; readonly note: string } | undefined;
  /** How the log names a cell when it starts (default: its id). */
  readonly label?: (cell: C) => string;
}

/** Hooks of {@link runGrid}. */
export interface GridHooks {
  readonly runCell: GridCellRunner;
  readonly log?: (line: string) => void;
  readonly signal?: AbortSignal;
}

/** `75` → `'1 min 15 s'`, `12.3` → `'12 s'`, `4000` → `'1 h 6 min'`. */
export function formatDuration(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3600)} h ${Math.round((s % 3600) / 60)} min`;
}

/**
 * The frame that `runSweep` and `runComparison` share: a grid of training runs, one after the other, each in its own
 * directory, with a summary file that always describes what has finished.
 *
 * 1. Every cell's run options are built first (`plan.runOptions`), so a bad cell fails before anything runs;
 *    then `plan.prepare()` checks and prepares the directory.
 * 2. Each cell in turn: with `resume`, a cell whose `results.json` exists is read back (`plan.readResults`); a cell
 *    that `plan.reuse` can answer takes those results; otherwise it trains (`hooks.runCell`), resuming from its
 *    checkpoint when `resume` and it has one. The summary (`plan.summarize`) is rewritten atomically after each cell.
 * 3. Ctrl-C (`hooks.signal`, or a cell's `TrainingInterruptedError`) stops after the cell saved its checkpoint:
 *    the summary stays valid and the result says `complete: false`; run again with `resume` to continue.
 *
 * Logs `[i/n] id` as each cell starts and its top-1 error, time and an estimate of the time left when it ends (from
 * the cells trained from scratch: a resumed cell ran only its last epochs).
 *
 * @returns the last summary written and whether every cell finished.
 * @example
 * const { summary, complete } = await runGrid({ out: 'runs/grid', cells, runOptions, prepare, resume: false,
 *   readResults, summaryPath: 'runs/grid/summary.json', summarize: (cells) => ({ cells }) }, { runCell: runExperiment });
 */
export async function runGrid<C extends GridCell, S>(plan: GridPlan<C, S>, hooks: GridHooks): Promise<{ summary: S; complete: boolean }> {
  const log = hooks.log ?? (() => {});
  const { cells, out } = plan;
  for (const cell of cells) plan.runOptions(cell, join(out, cell.id), false);
  await plan.prepare();
  const done: C[] = [...cells];
  const write = async (): Promise<S> => {
    const summary = plan.summarize(done);
    await writeFileAtomic(plan.summaryPath, `${JSON.stringify(summary, null, 2)}\n`);
    return summary;
  };
  const finishedBefore = (cell: C): boolean => plan.resume && existsSync(join(out, cell.id, 'results.json'));
  let complete = true;
  let ranSeconds = 0;
  let ranCells = 0;
  for (const [i, cell] of cells.entries()) {
    const step = `[${i + 1}/${cells.length}]`;
    const dir = join(out, cell.id);
    if (finishedBefore(cell)) {
      done[i] = { ...cell, results: plan.readResults(join(dir, 'results.json')) };
      log(`${step} ${cell.id}: done before, skipped`);
      continue;
    }
    const reused = plan.reuse?.(cell, done);
    if (reused !== undefined) {
      done[i] = reused.cell;
      log(`${step} ${cell.id}: ${reused.note}`);
      await write();
      continue;
    }
    if (hooks.signal?.aborted === true) {
      complete = false;
      break;
    }
    log(`${step} ${plan.label?.(cell) ?? cell.id}`);
    const cellStarted = Date.now();
    const resumed = plan.resume && existsSync(join(dir, 'checkpoint'));
    let results: RunResults;
    try {
      results = await hooks.runCell(plan.runOptions(cell, dir, resumed), {
        log,
        ...(hooks.signal ? { signal: hooks.signal } : {}),
        ...(plan.overwrite === true ? { overwrite: true } : {}),
      });
    } catch (error) {
      // Ctrl-C: the cell saved its checkpoint and is not a finished result; stop and keep a valid summary. Its message
      // without the cell's own resume hint (`cbloss train --out CELL --resume`): the grid is continued as a whole.
      if (!(error instanceof TrainingInterruptedError)) throw error;
      log(`${step} ${cell.id}: ${new TrainingInterruptedError(error.epoch, error.batch, error.checkpointDir).message}`);
      complete = false;
      break;
    }
    done[i] = { ...cell, results };
    await write();
    if (!resumed) {
      ranSeconds += (Date.now() - cellStarted) / 1000;
      ranCells += 1;
    }
    const left = cells.slice(i + 1).filter((c) => !finishedBefore(c) && plan.reuse?.(c, done) === undefined).length;
    const eta = left > 0 && ranCells > 0 ? `; about ${formatDuration((ranSeconds / ranCells) * left)} left for ${left} cell${left === 1 ? '' : 's'}` : '';
    log(`${step} ${cell.id}: top-1 error ${results.top1Error.toFixed(2)}% in ${formatDuration((Date.now() - cellStarted) / 1000)}${eta}`);
  }
  return { summary: await write(), complete };
}
