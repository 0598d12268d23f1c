import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { hasCheckpoint } from '../train/checkpoint.js';
import { RunOptionsError } from './RunOptionsError.js';

/** What the user asked to do with an output directory that may already hold a run. */
export interface RunDirectoryIntent {
  /** Continue the run started there (`--resume`). */
  readonly resume: boolean;
  /** Replace a finished or unfinished run there (`--overwrite`). */
  readonly overwrite: boolean;
}

/** The files of a run that a new run replaces (subset.json is rewritten anyway). */
const REPLACED = ['results.json', 'model', 'checkpoint'] as const;

/**
 * The one rule of `cbloss train` and `cbloss sweep` for a directory that may already hold work, so that nothing
 * finished or resumable is ever lost by accident:
 *
 * | directory holds            | (nothing)            | `--resume`               | `--overwrite`        |
 * |----------------------------|----------------------|--------------------------|----------------------|
 * | nothing of a run           | start                | refused: nothing to resume | start              |
 * | a checkpoint, no results   | refused (say --resume) | continue              | delete it, start     |
 * | results.json (finished)    | refused (say both flags) | continue (re-saves)  | delete it, start     |
 *
 * `--resume` and `--overwrite` together are refused. Returns whether the run continues from its checkpoint. Errors are
 * `RunOptionsError`s on `output.out` / `output.resume` (the CLI names them `--out` / `--resume`).
 * A checkpoint whose last epoch is done but without results.json (killed while saving the model) counts as
 * unfinished: `--resume` finishes it without training again.
 * `fn` is the caller named in messages.
 *
 * @throws RunOptionsError 'not-found' for `--resume` with nothing to resume; 'invalid-argument' otherwise, e.g.
 *   `train: '--out' must not hold a finished run unless it is to be replaced (--overwrite); got 'runs/a' (has results.json; ...).`
 * @example
 * const resume = await checkRunDirectory('runExperiment', 'runs/a', { resume: false, overwrite: false }); // false: a fresh run
 */
export async function checkRunDirectory(fn: string, dir: string, intent: RunDirectoryIntent): Promise<boolean> {
  if (intent.resume && intent.overwrite) {
    throw new RunOptionsError(fn, 'output.resume', 'not be combined with overwriting the run (--overwrite)', true);
  }
  const checkpoint = await hasCheckpoint(join(dir, 'checkpoint'));
  const finished = existsSync(join(dir, 'results.json'));
  if (intent.resume) {
    if (!checkpoint) {
      throw new RunOptionsError(fn, 'output.resume', `continue a run started in '${dir}'`, true, 'not-found', ' (it has no checkpoint; start a new run without --resume)');
    }
    return true;
  }
  if (intent.overwrite) {
    await Promise.all(REPLACED.map((name) => rm(join(dir, name), { recursive: true, force: true })));
    return false;
  }
  if (finished) {
    throw new RunOptionsError(fn, 'output.out', 'not hold a finished run unless it is to be replaced (--overwrite)', dir, 'invalid-argument', ' (has results.json; choose another directory, or --overwrite to replace it)');
  }
  if (checkpoint) {
    throw new RunOptionsError(fn, 'output.out', "not hold an unfinished run unless 'output.resume' is true", dir, 'invalid-argument', ` (has a checkpoint); resume with: cbloss train --out ${dir} --resume`);
  }
  return false;
}
