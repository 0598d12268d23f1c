/**
 * TensorFlow.js adapter: per-example losses, the class-balanced loss factory, and the prior bias initializer. Takes `@tensorflow/tfjs-core` as a peer dependency.
 *
 * @packageDocumentation
 */
export { REDUCTIONS, reduceLoss, resolveReduction, type Reduction, type ReductionContext } from './reduction.js';
export { DEFAULT_GAMMA, type FocalLossOptions, type LossOptions } from './lossOptions.js';
export { softmaxCrossEntropy } from './softmaxCrossEntropy.js';
export { sigmoidCrossEntropy } from './sigmoidCrossEntropy.js';
export { sigmoidFocalLoss } from './sigmoidFocalLoss.js';
export { softmaxFocalLoss } from './softmaxFocalLoss.js';
export { ldamLoss, DEFAULT_LDAM_SCALE, type LdamLossOptions } from './ldamLoss.js';
export { cosineLogits } from './cosineLogits.js';
export { logitAdjustedLoss, type LogitAdjustedLossOptions } from './logitAdjustedLoss.js';
export { posthocLogitAdjustment } from './posthocLogitAdjustment.js';
export { tauNormalize } from './tauNormalize.js';
export { classBalancedLoss, type ClassBalancedLoss, type ClassBalancedLossOptions } from './classBalancedLoss.js';
export { priorBias, priorBiasInitializer, PriorBiasInitializer, type PriorBiasConfig } from './priorBias.js';
export { classBalancedClassWeight } from './classBalancedClassWeight.js';
