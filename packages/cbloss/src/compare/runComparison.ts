import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolveRunOptions } from '../run/resolveRunOptions.js';
import { upgradeRunResults } from '../run/upgradeRunResults.js';
import { meanStd } from '../sweep/meanStd.js';
import { runGrid, type GridCellRunner } from '../grid/runGrid.js';
import type { RunOptionsInput, RunResults } from '../types.js';
import type { CandidateSettings, ComparisonEntry } from './comparisonEntries.js';
import { CblossError } from '../CblossError.js';

/** One training run of a comparison: a candidate setting of a method, with one seed. */
export interface ComparisonCell {
  /** Its directory under the comparison's, e.g. `'cb-focal-c2-s1'`. */
  readonly id: string;
  readonly entry: string;
  readonly candidate: number;
  readonly seed: number;
  readonly results?: RunResults;
}

/** One row of the comparison table: a method at its chosen setting, averaged over seeds. */
export interface ComparisonRow {
  readonly name: string;
  /** The chosen candidate (index and settings), or undefined when none has finished. */
  readonly chosen?: { readonly index: number; readonly settings: CandidateSettings };
  readonly seeds: number;
  readonly top1Error?: { readonly mean: number; readonly std?: number };
  /** Mean many/medium/few-shot accuracy (percent) of the chosen setting; null for an empty group. */
  readonly shotAccuracy?: { readonly many: number | null; readonly medium: number | null; readonly few: number | null };
  /** Mean per-class accuracy (percent) of the chosen setting, by class. */
  readonly perClassAccuracy?: readonly (number | null)[];
}

/** What `cbloss compare` writes to `DIR/comparison.json`. */
export interface ComparisonResults {
  readonly version: string;
  readonly baseOptions: Omit<RunOptionsInput, 'output' | 'seed'>;
  readonly entries: readonly ComparisonEntry[];
  readonly cells: readonly ComparisonCell[];
  readonly rows: readonly ComparisonRow[];
  /** Which error chose each method's setting: the class-balanced validation error, or the test error without a validation split. */
  readonly selection: 'validation' | 'test';
}

/** What {@link runComparison} needs. */
export interface RunComparisonOptions {
  readonly baseOptions: Omit<RunOptionsInput, 'output' | 'seed'>;
  readonly entries: readonly ComparisonEntry[];
  readonly seeds: readonly number[];
  readonly out: string;
  /** Continue a comparison: finished cells (with results.json) are read back, a started one resumes from its checkpoint. */
  readonly resume: boolean;
  readonly version: string;
}

/** A cell as planned: with the candidate's settings, which comparison.json leaves to the entries. */
type PlannedCell = ComparisonCell & { readonly settings: CandidateSettings };

/** Hooks of {@link runComparison}; `runCell` replaces `runExperiment` (tests use a stand-in). */
export interface RunComparisonHooks {
  readonly log?: (line: string) => void;
  readonly signal?: AbortSignal;
  readonly runCell?: GridCellRunner;
}

/** `'CB focal + DRW'` → `'cb-focal-drw'`: a directory-safe slug. */
export function entrySlug(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

/**
 * Runs every candidate setting of every method with every seed, each as one `runExperiment` in `out/<cell id>/`,
 * with the same shared options (data, model, optimiser: the same budget), then chooses each method's setting by its mean
 * selection error (the class-balanced error on the validation split when `baseOptions.data.validationFraction > 0`,
 * else the test error, which is optimistic) and tabulates its mean test top-1 error, many/medium/few-shot and per-class
 * accuracy. The frame is {@link runGrid}'s, as for a sweep: `out/comparison.json` is rewritten atomically after every
 * cell; with `resume`, finished cells are read back and a started one resumes from its checkpoint; Ctrl-C (`signal`)
 * stops after the running cell saved its checkpoint (`complete: false`). Without `resume`, an existing
 * `comparison.json` is refused (a comparison is never silently mixed with another).
 *
 * @throws CblossError for bad shared options (before anything runs), or a started comparison without `resume`.
 * @example
 * const { comparison } = await runComparison({ baseOptions: { data: { dataset: 'fashion-mnist', validationFraction: 0.1 },
 *   optimiser: { epochs: 10 } }, entries: comparisonEntries(10), seeds: [1, 2, 3], out: 'runs/compare', resume: false, version });
 */
export async function runComparison(options: RunComparisonOptions, hooks: RunComparisonHooks = {}): Promise<{ comparison: ComparisonResults; complete: boolean }> {
  const runCell = hooks.runCell ?? (await import('../run/runExperiment.js')).runExperiment;
  const planned = options.entries.flatMap((entry) =>
    entry.candidates.flatMap((settings, candidate) =>
      options.seeds.map((seed): PlannedCell => ({ id: `${entrySlug(entry.name)}-c${candidate + 1}-s${seed}`, entry: entry.name, candidate, seed, settings })),
    ),
  );
  const selection = (options.baseOptions.data?.validationFraction ?? 0) > 0 ? 'validation' : 'test';
  const summaryPath = join(options.out, 'comparison.json');
  const { summary, complete } = await runGrid<PlannedCell, ComparisonResults>(
    {
      out: options.out,
      cells: planned,
      runOptions: ({ settings, seed }, dir, resume) =>
        resolveRunOptions({
          ...options.baseOptions,
          data: { ...options.baseOptions.data, ...settings.data },
          loss: { ...options.baseOptions.loss, ...settings.loss },
          model: { ...options.baseOptions.model, ...settings.model },
          seed,
          output: { out: dir, resume },
        }),
      prepare: () => {
        if (existsSync(summaryPath) && !options.resume) {
          throw new CblossError('invalid-argument', `runComparison: 'out' must not hold a started comparison unless resuming; got '${options.out}' (has comparison.json).`);
        }
        mkdirSync(options.out, { recursive: true });
      },
      resume: options.resume,
      readResults: (path) => upgradeRunResults(JSON.parse(readFileSync(path, 'utf8')) as unknown, path),
      summaryPath,
      summarize: (cells) => {
        // comparison.json keeps the cells without their settings (the entries hold them).
        const done: ComparisonCell[] = cells.map(({ settings: _s, ...cell }) => cell);
        return { version: options.version, baseOptions: options.baseOptions, entries: options.entries, cells: done, rows: comparisonRows(options.entries, done, selection), selection };
      },
      label: (cell) => `${cell.id} (${cell.entry})`,
    },
    { runCell, ...(hooks.log ? { log: hooks.log } : {}), ...(hooks.signal ? { signal: hooks.signal } : {}) },
  );
  return { comparison: summary, complete };
}

/**
 * The table of a comparison: per method, the candidate with the lowest mean selection error over its finished seeds
 * (ties: the first), and that candidate's mean test results. Pure.
 */
export function comparisonRows(entries: readonly ComparisonEntry[], cells: readonly ComparisonCell[], selection: 'validation' | 'test'): ComparisonRow[] {
  return entries.map((entry) => {
    let best: { index: number; runs: RunResults[]; error: number } | undefined;
    entry.candidates.forEach((_, index) => {
      const runs = cells.filter((c) => c.entry === entry.name && c.candidate === index && c.results !== undefined).map((c) => c.results as RunResults);
      const errors = runs.map((r) => (selection === 'validation' ? r.validationError : r.top1Error)).filter((e): e is number => e !== undefined);
      if (errors.length === 0) return;
      const error = meanStd(errors).mean;
      if (best === undefined || error < best.error) best = { index, runs, error };
    });
    if (best === undefined) return { name: entry.name, seeds: 0 };
    const { index, runs } = best as { index: number; runs: RunResults[] };
    const { mean, std } = meanStd(runs.map((r) => r.top1Error));
    const meanOf = (values: (number | null)[]): number | null => {
      const present = values.filter((v): v is number => v !== null);
      return present.length === 0 ? null : present.reduce((a, b) => a + b, 0) / present.length;
    };
    const classes = runs[0]?.perClassAccuracy.length ?? 0;
    return {
      name: entry.name,
      chosen: { index, settings: entry.candidates[index] as CandidateSettings },
      seeds: runs.length,
      top1Error: std === undefined ? { mean } : { mean, std },
      shotAccuracy: {
        many: meanOf(runs.map((r) => r.shotAccuracy.many)),
        medium: meanOf(runs.map((r) => r.shotAccuracy.medium)),
        few: meanOf(runs.map((r) => r.shotAccuracy.few)),
      },
      perClassAccuracy: Array.from({ length: classes }, (_, c) => meanOf(runs.map((r) => r.perClassAccuracy[c] ?? null))),
    };
  });
}
