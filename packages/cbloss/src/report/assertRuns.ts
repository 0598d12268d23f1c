import type { RunResults } from '../types.js';
import { CblossError } from '../CblossError.js';
import { confusionMatrixProblem } from '../eval/confusionMatrixProblem.js';

/**
 * Checks, at the top of each exported report function, that `runs` is a non-empty list of results of the
 * same dataset whose per-class arrays all have one entry per class (and a dense or sparse confusion matrix of
 * as many classes), so that the renderers below can trust
 * their input. Throws `CblossError` ('invalid-argument' or 'shape-mismatch') naming `fn`.
 *
 * @example
 * assertRuns('renderRunReport', []); // throws "renderRunReport: 'runs' must contain at least one run; got 0 runs."
 */
export function assertRuns(fn: string, runs: readonly RunResults[]): void {
  if (!Array.isArray(runs) || runs.length === 0) {
    throw new CblossError('invalid-argument', `${fn}: 'runs' must contain at least one run; got ${Array.isArray(runs) ? '0 runs' : typeof runs}.`);
  }
  const classes = runs[0]?.dataset.classNames.length ?? 0;
  runs.forEach((run, i) => {
    const perClass: [string, number][] = [
      ['dataset.classNames', run.dataset.classNames.length],
      ['samplesPerClass', run.samplesPerClass.length],
      ['testSamplesPerClass', run.testSamplesPerClass.length],
      ['effectiveNumbers', run.effectiveNumbers.length],
      ['classWeights', run.classWeights.length],
      ['perClassAccuracy', run.perClassAccuracy.length],
    ];
    for (const [name, length] of perClass) {
      if (length !== classes) {
        throw new CblossError('shape-mismatch', `${fn}: 'runs[${i}].${name}' must have one entry per class (${classes}); got ${length}.`);
      }
    }
    // Dense or sparse (see storedConfusionMatrix), with the same classes.
    const problem = confusionMatrixProblem(run.confusionMatrix, classes);
    if (problem !== undefined) {
      throw new CblossError('shape-mismatch', `${fn}: 'runs[${i}]' must have 'confusionMatrix${problem.field}' ${problem.rule}; got ${problem.got}.`);
    }
  });
}
