/**
 * The registry of loss methods and the factory built on it.
 *
 * @packageDocumentation
 */
export { LOSS_METHODS, METHOD_NAMES, type MethodName } from './lossMethods.js';
export { resolveMethod, type MethodContext } from './resolveMethod.js';
export type { Classifier, FinalBias, LossMethod, MethodLossOptions } from './LossMethod.js';
export { parameterAccepts, parameterRule, type MethodParameter } from './MethodParameter.js';
export { createLoss, type CreateLossOptions, type MethodLoss } from './createLoss.js';
export { deferredReweightingCallback } from './deferredReweightingCallback.js';
export { finalBiasValue } from './finalBiasValue.js';
