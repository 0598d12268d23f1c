import { priorBias } from '../tf/priorBias.js';
import type { FinalBias } from './LossMethod.js';

/**
 * The initial value of the final layer's biases for a method's {@link FinalBias}: 0 for `'zero'`, −log(C − 1) for
 * `'prior'`.
 *
 * @example
 * finalBiasValue('prior', 10); // -2.1972245773362196
 * finalBiasValue(resolveMethod('softmax').finalBias, 10); // 0
 */
export function finalBiasValue(finalBias: FinalBias, numClasses: number): number {
  return finalBias === 'prior' ? priorBias(numClasses) : 0;
}
