import { resolveSampler } from './resolveSampler.js';
import { trainingProgress } from './sampleEpoch.js';
import type { SamplerName } from './samplers.js';
import { assertInteger, assertIntegerCounts, invalidArgument } from './validate.js';

/** Options of {@link samplerClassProbabilities}: where training is, for `'progressive'`. */
export interface SamplerProgress {
  /** The epoch (0-based); default 0. */
  readonly epoch?: number | undefined;
  /** Total number of epochs T, required by `'progressive'`. */
  readonly numEpochs?: number | undefined;
}

/**
 * The probability that a draw of a sampler comes from each class (float64, sums to 1), e.g. for a report or to
 * check a sampler: instance n_c / N, class-balanced 1/C, square-root √n_c / Σ√n, progressive
 * (1 − t)·n_c/N + t/C with t = epoch / numEpochs (Kang et al., arXiv:1910.09217, eq. 1–2). Classes with no
 * example get 0 (class-balanced is uniform over the others).
 *
 * @throws CbLossError for bad counts (all zero included), an unknown sampler, a bad epoch or a missing numEpochs for
 *   `'progressive'`.
 * @example
 * samplerClassProbabilities('square-root', [900, 100]);                          // [0.75, 0.25]
 * samplerClassProbabilities('progressive', [900, 100], { epoch: 5, numEpochs: 10 }); // [0.7, 0.3]
 */
export function samplerClassProbabilities(sampler: SamplerName, samplesPerClass: ArrayLike<number>, progress: SamplerProgress = {}): number[] {
  const fn = 'samplerClassProbabilities';
  const definition = resolveSampler(sampler, { caller: fn, argument: 'sampler' });
  assertIntegerCounts(fn, 'samplesPerClass', samplesPerClass);
  const counts = Array.from(samplesPerClass);
  if (counts.every((n) => n === 0)) throw invalidArgument(fn, 'samplesPerClass', 'have at least one class with samples', counts);
  const epoch = progress.epoch ?? 0;
  assertInteger(fn, 'epoch', epoch, 0);
  const t = definition.usesEpochs ? trainingProgress(fn, definition.name, epoch, progress.numEpochs) : 0;
  return definition.classProbabilities(counts, t);
}
