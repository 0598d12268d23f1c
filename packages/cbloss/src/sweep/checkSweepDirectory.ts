import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { RunDirectoryIntent } from '../run/checkRunDirectory.js';
import { RunOptionsError } from '../run/RunOptionsError.js';

/**
 * The rule of `cbloss sweep` for its `--out` directory, the same as `cbloss train`'s for a run directory
 * (`checkRunDirectory`): a sweep that was started there (sweep.json, or the directory of one of its cells) is
 * refused unless `--resume` (continue it: finished cells are skipped, an interrupted cell resumes) or `--overwrite`
 * (run every cell again, replacing its results) is given; `--resume` with no sweep to continue is refused too, and
 * the two flags together.
 *
 * @throws RunOptionsError on `output.out` / `output.resume`: 'not-found' for `--resume` with nothing to resume,
 *   'invalid-argument' otherwise (in CLI terms: `sweep: '--out' must not hold a finished or started sweep unless it
 *   is resumed (--resume) or run again (--overwrite); got 'runs/sweep' (has sweep.json).`)
 * @example
 * checkSweepDirectory('runSweep', 'runs/sweep', ['if100-softmax-b0-s1'], { resume: true, overwrite: false });
 */
export function checkSweepDirectory(fn: string, out: string, cellIds: readonly string[], intent: RunDirectoryIntent): void {
  if (intent.resume && intent.overwrite) {
    throw new RunOptionsError(fn, 'output.resume', 'not be combined with running the sweep again (--overwrite)', true);
  }
  const summary = existsSync(join(out, 'sweep.json'));
  const startedCell = summary ? undefined : cellIds.find((id) => existsSync(join(out, id)));
  const started = summary || startedCell !== undefined;
  if (intent.resume && !started) {
    throw new RunOptionsError(fn, 'output.resume', `continue a sweep started in '${out}'`, true, 'not-found', ' (it has no sweep.json and no cell directory; start a new sweep without --resume)');
  }
  if (!intent.resume && !intent.overwrite && started) {
    throw new RunOptionsError(
      fn,
      'output.out',
      'not hold a finished or started sweep unless it is resumed (--resume) or run again (--overwrite)',
      out,
      'invalid-argument',
      ` (has ${summary ? 'sweep.json' : `${startedCell}/`})`,
    );
  }
}
