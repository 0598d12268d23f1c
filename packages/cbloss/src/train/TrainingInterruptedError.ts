/**
 * Thrown by `trainModel` (and so by `runExperiment`) when its `AbortSignal` fires — e.g. on Ctrl-C. Training stopped
 * after a batch; when a checkpoint directory was given the state was saved there first and the message says how
 * to resume. `name` is `'AbortError'`, as for other aborted operations.
 *
 * @example
 * try { await runExperiment(options, { signal }); } catch (e) {
 *   if (e instanceof TrainingInterruptedError) { console.error(e.message); process.exitCode = 130; }
 * }
 */
export class TrainingInterruptedError extends Error {
  override readonly name = 'AbortError';
  constructor(
    /** Completed epochs. */
    readonly epoch: number,
    /** Completed batches of the next epoch. */
    readonly batch: number,
    /** Where the checkpoint was saved, if anywhere. */
    readonly checkpointDir: string | undefined,
    /** Command to continue (set by `runExperiment`). */
    resumeHint?: string,
  ) {
    super(
      `training interrupted after ${epoch} epoch(s)${batch > 0 ? ` and ${batch} batch(es)` : ''}` +
        (checkpointDir === undefined
          ? '; no checkpoint was saved.'
          : `; checkpoint saved in ${checkpointDir}.${resumeHint ? ` Resume with: ${resumeHint}` : ''}`),
    );
  }
}
