import { classBalancedWeights } from 'class-balanced-loss/core';
import type { SweepCell } from '../types.js';
import { cellId } from './sweepCells.js';
import type { SweepCellResult } from './summarizeSweep.js';

/**
 * The finished β = 0 cell that a class-balanced cell would repeat exactly, or `undefined`.
 *
 * The class-balanced weights `w_i ∝ 1/E_{n_i}` are all 1 when every class has the same number of training samples
 * (imbalance factor 1 on a balanced data set), and also when β is small for the counts: E_n = (1 - β^n)/(1 - β)
 * reaches its limit 1/(1 - β) once β^n is below float precision (β = 0.9 and n ≥ 540 give β^n < 1e-24). Such a
 * cell trains the same objective, from the same seed, as its unweighted twin (same imbalance factor, method,
 * parameters and seed, β = 0). The test is on the weights the loss actually uses (float32): the twin's recorded training counts
 * must give `Math.fround(w_i) === 1` for all i, so the two runs are the same computation, not merely close.
 *
 * @param cell - a cell with β > 0 (β = 0 has no twin).
 * @param done - the sweep's cells, with `results` for those that have run.
 * @returns the twin with its results, or `undefined` when there is none (yet) or the weights are not all 1.
 *
 * @example
 * // at IF 1 on Fashion-MNIST every class keeps 5400 training images:
 * unweightedTwin({ id: 'if1-softmax-b0.999-s1', imbalanceFactor: 1, loss: 'softmax', beta: 0.999, parameters: {}, seed: 1 }, done)
 *   ?.id; // 'if1-softmax-b0-s1'
 */
export function unweightedTwin(
  cell: SweepCell,
  done: readonly SweepCellResult[],
): (SweepCellResult & { readonly results: NonNullable<SweepCellResult['results']> }) | undefined {
  if (cell.beta === 0) return undefined;
  const twinId = cellId({ imbalanceFactor: cell.imbalanceFactor, loss: cell.loss, beta: 0, parameters: cell.parameters, seed: cell.seed });
  const twin = done.find((c) => c.id === twinId);
  if (twin?.results === undefined) return undefined;
  const counts = twin.results.samplesPerClass;
  if (counts.length === 0 || counts.some((n) => !(n > 0))) return undefined;
  const weights = classBalancedWeights(counts, cell.beta);
  if (!weights.every((w) => Math.fround(w) === 1)) return undefined;
  return { ...twin, results: twin.results };
}
