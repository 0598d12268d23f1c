import { effectiveNumbers } from 'class-balanced-loss';
import type { SplitEvaluation } from '../eval/evaluate.js';
import type { EpochRecord, RunOptions, RunResults } from '../types.js';
import { cblossVersion } from './version.js';

/** What a finished run knows, from which {@link buildRunResults} makes its `results.json`. */
export interface FinishedRun {
  /** Every option, the data's choices filled in (`output.name` becomes `name`; `loss.beta` gives the effective numbers). */
  readonly options: RunOptions;
  /** The TF.js backend that trained. */
  readonly backend: string;
  /** Data-parallel processes, when more than one trained. */
  readonly processes?: number | undefined;
  readonly dataset: RunResults['dataset'];
  /** Training samples per class, after the long-tail construction (and the validation split). */
  readonly samplesPerClass: readonly number[];
  /** Test samples per class (those evaluated). */
  readonly testSamplesPerClass: readonly number[];
  /** The loss's class weights, one per class. */
  readonly classWeights: ArrayLike<number>;
  /** The test set's evaluation; `top5Error` when it was measured (streamed datasets). */
  readonly test: Omit<SplitEvaluation, 'predictions'> & { readonly top5Error?: number };
  readonly validationError?: number | undefined;
  /** Images left out as unreadable, when `data.skipBadImages` is on (streamed datasets). */
  readonly skippedImages?: number | undefined;
  readonly training: { readonly history: readonly EpochRecord[]; readonly imagesPerSecond: number; readonly trainSeconds: number };
  /** ISO time the run started (kept across resumes); it finishes now. */
  readonly startedAt: string;
}

/**
 * The {@link RunResults} of a finished run, as `runExperiment` (in memory or streamed) writes them to `results.json`:
 * the version, the options, the data's counts, the effective numbers `(1 − β^n)/(1 − β)` of the training counts, the
 * test metrics (the confusion matrix in its stored format, see `storedConfusionMatrix`), the history, the throughput,
 * and `finishedAt` = now. Optional fields appear only when given, in a fixed order. Its JSON is O(C + N_eval) at any
 * number of classes C.
 *
 * @example
 * const results = buildRunResults({ options, backend: 'cpu', dataset, samplesPerClass, testSamplesPerClass,
 *   classWeights: loss.classWeights, test: evaluation, training, startedAt });
 * await writeFileAtomic(join(dir, 'results.json'), runResultsText(results));
 */
export function buildRunResults(run: FinishedRun): RunResults {
  const { options, test, training } = run;
  return {
    ...(options.output.name === undefined ? {} : { name: options.output.name }),
    version: cblossVersion(),
    backend: run.backend,
    ...(run.processes === undefined ? {} : { processes: run.processes }),
    options,
    dataset: run.dataset,
    samplesPerClass: run.samplesPerClass,
    testSamplesPerClass: run.testSamplesPerClass,
    effectiveNumbers: effectiveNumbers(run.samplesPerClass, options.loss.beta),
    classWeights: Array.from(run.classWeights),
    top1Error: test.top1Error,
    ...(test.top5Error === undefined ? {} : { top5Error: test.top5Error }),
    perClassAccuracy: test.perClassAccuracy,
    shotAccuracy: test.shotAccuracy,
    confusionMatrix: test.confusionMatrix,
    ...(run.validationError === undefined ? {} : { validationError: run.validationError }),
    ...(run.skippedImages === undefined ? {} : { skippedImages: run.skippedImages }),
    history: training.history,
    imagesPerSecond: training.imagesPerSecond,
    trainSeconds: training.trainSeconds,
    startedAt: run.startedAt,
    finishedAt: new Date().toISOString(),
  };
}

/**
 * The text of `results.json`: the results as indented JSON and a final newline.
 *
 * @example
 * await writeFileAtomic(join(dir, RUN_FILES.results), runResultsText(results));
 */
export function runResultsText(results: RunResults): string {
  return `${JSON.stringify(results, null, 2)}\n`;
}
