import type { DataSplit } from '../types.js';
import { checkSplit } from './checkSplit.js';
import { stratifiedIndices } from './stratifiedIndices.js';
import { subsetSplit } from './subsetSplit.js';
import { CblossError } from '../CblossError.js';

/**
 * Carves a validation set out of a (long-tailed) training split, stratified per class: class `c` with
 * `n_c` samples gives `min(round(fraction·n_c), n_c − 1)` of them, chosen at random from `seed`, so every
 * class keeps at least one training sample and the validation set follows the same long-tailed profile.
 * Both parts keep the original sample order.
 *
 * @param options.fraction in `[0, 1)`; 0 gives an empty validation split
 * @param options.sampleSize values per sample (e.g. `H·W·C`), to slice `x`
 *
 * @example
 * const { train, validation } = splitValidation(split, 10, { fraction: 0.1, seed: 1, sampleSize: 784 });
 */
export function splitValidation(
  split: DataSplit,
  numClasses: number,
  options: { readonly fraction: number; readonly seed: number; readonly sampleSize: number },
): { train: DataSplit; validation: DataSplit } {
  const { fraction, seed, sampleSize } = options;
  checkSplit('splitValidation', split, sampleSize, numClasses);
  if (!(fraction >= 0 && fraction < 1)) {
    throw new CblossError('invalid-argument', `splitValidation: 'fraction' must be in [0, 1); got ${fraction}.`);
  }
  if (!Number.isInteger(seed)) throw new CblossError('invalid-argument', `splitValidation: 'seed' must be an integer; got ${seed}.`);
  const { kept, heldOut } = stratifiedIndices(split.labels, numClasses, fraction, seed, 'validation');
  return { train: subsetSplit(split, kept, sampleSize), validation: subsetSplit(split, heldOut, sampleSize) };
}
