import { basename, join, resolve } from 'node:path';
import { renderLiveReport } from '../report/renderLiveReport.js';
import { writeReport } from '../report/writeReport.js';
import type { TrainingSnapshot } from '../run/runExperiment.js';

/** What {@link liveReportWriter} returns. */
export interface LiveReportWriter {
  /** The page to open in a browser. */
  readonly path: string;
  /** Rewrites the page after an epoch (pass as `runExperiment`'s `onEpoch` hook). */
  readonly onEpoch: (snapshot: TrainingSnapshot) => Promise<void>;
  /** Rewrites the page once more without its reload, saying the run was interrupted (after Ctrl-C). */
  readonly interrupted: () => Promise<void>;
}

/**
 * Keeps `DIR/report.html` up to date while `cbloss train` runs: after every epoch the live page
 * (`renderLiveReport`, reloading itself) is rewritten atomically (`writeReport`: a browser never reads half a
 * page). A failure to write it is logged once and never stops the training.
 *
 * @example
 * const live = liveReportWriter('runs/a', log);
 * await runExperiment(options, { log, onEpoch: live.onEpoch });
 */
export function liveReportWriter(dir: string, log: (line: string) => void): LiveReportWriter {
  const path = join(dir, 'report.html');
  const name = basename(resolve(dir));
  let last: TrainingSnapshot | undefined;
  let warned = false;
  const write = async (snapshot: TrainingSnapshot, status: 'training' | 'interrupted'): Promise<void> => {
    try {
      writeReport(path, await renderLiveReport({ ...snapshot, name, dir, status }));
    } catch (error) {
      if (!warned) log(`note: the live report ${path} could not be written (${(error as Error).message}); training goes on`);
      warned = true;
    }
  };
  return {
    path,
    onEpoch: async (snapshot) => {
      last = snapshot;
      await write(snapshot, 'training');
    },
    interrupted: async () => {
      if (last !== undefined) await write(last, 'interrupted');
    },
  };
}
