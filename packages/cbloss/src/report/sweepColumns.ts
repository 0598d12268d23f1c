import type { SweepResults } from '../types.js';
import { parameterText } from './parameterText.js';

/** One entry of `SweepResults.table[i].byImbalanceFactor`. */
export type SweepTableEntry = NonNullable<SweepResults['table'][number]['byImbalanceFactor'][string]>;

/**
 * The imbalance factors of a sweep table in the paper's order (largest first, as in Table 2 of
 * arXiv:1901.05555: 200, 100, 50, 20, 10, 1), as the string keys used by `byImbalanceFactor`.
 *
 * @example
 * sweepColumns(sweep); // ['100', '10', '1']
 */
export function sweepColumns(sweep: SweepResults): string[] {
  const keys = new Set<string>();
  for (const row of sweep.table) for (const key of Object.keys(row.byImbalanceFactor)) keys.add(key);
  return [...keys].sort((a, b) => Number(b) - Number(a) || a.localeCompare(b));
}

/**
 * The chosen hyper-parameters of a table entry, as printed under the error: `'β=0.9999, γ=0.5'`. β is shown
 * when it is positive (class-balanced), then the method's own parameters; empty when there is none.
 *
 * @example
 * chosenParameters('CB focal', { top1Error: 20, beta: 0.999, parameters: { gamma: 0.5 }, seeds: 1 }); // 'β=0.999, γ=0.5'
 * chosenParameters('CB softmax', { top1Error: 8, beta: 0.9, parameters: {}, seeds: 1, unweighted: true }); // 'all weights 1'
 */
export function chosenParameters(loss: string, entry: SweepTableEntry, format: (v: number) => string): string {
  // A β whose class weights are all 1 (equal counts) chose nothing: say so rather than print the tie's first β.
  const beta = entry.unweighted === true ? ['all weights 1'] : entry.beta > 0 ? [`β=${format(entry.beta)}`] : [];
  return [...beta, ...parameterText(entry.parameters ?? {}, format)].join(', ');
}
