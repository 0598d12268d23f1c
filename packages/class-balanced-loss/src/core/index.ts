/**
 * Math core of `class-balanced-loss`: effective numbers, class-balanced weights, long-tailed counts, metrics,
 * LDAM margins, log-priors and post-hoc logit adjustment, τ-normalisation, and the seeded samplers, in float64,
 * with no dependency (in particular no TensorFlow.js).
 *
 * @packageDocumentation
 */
export { CbLossError, type CbLossErrorCode } from './CbLossError.js';
export { effectiveNumber, effectiveNumbers } from './effectiveNumber.js';
export {
  classBalancedWeights,
  ZERO_COUNT_POLICIES,
  type ClassBalancedWeightsOptions,
  type ZeroCountPolicy,
} from './classBalancedWeights.js';
export { longTailCounts, LONG_TAIL_PROFILES, type LongTailCountsOptions, type LongTailProfile } from './longTailCounts.js';
export { ldamMargins, DEFAULT_MAX_MARGIN } from './ldamMargins.js';
export { logPriors } from './logPriors.js';
export { posthocLogitAdjustmentRows } from './posthocLogitAdjustmentRows.js';
export { createRng, type Rng } from './createRng.js';
export { SAMPLERS, SAMPLER_NAMES, type SamplerDefinition, type SamplerDraw, type SamplerName } from './samplers.js';
export { resolveSampler, type SamplerContext } from './resolveSampler.js';
export { samplerClassProbabilities, type SamplerProgress } from './samplerClassProbabilities.js';
export { sampleEpoch, type SampleEpochOptions } from './sampleEpoch.js';
export { indexBatches, type IndexBatchesOptions } from './indexBatches.js';
export { samplerGenerator, type SamplerGeneratorOptions } from './samplerGenerator.js';
export { tauNormalizeValues } from './tauNormalizeValues.js';
export { confusionMatrix } from './confusionMatrix.js';
export { perClassAccuracy } from './perClassAccuracy.js';
export { top1Error } from './top1Error.js';
export { balancedError } from './balancedError.js';
export { shotAccuracy, shotThresholds, type ShotAccuracy } from './shotAccuracy.js';
export { nearestName, editDistance } from './nearestName.js';
export {
  assertArrayLike,
  assertAtLeast,
  assertClassIds,
  assertFinite,
  assertInRange,
  assertInteger,
  assertIntegerCounts,
  assertOneOf,
  assertPositiveCounts,
  assertSameLength,
  formatValue,
  invalidArgument,
  unknownName,
} from './validate.js';
