import type { RunResults } from '../types.js';

/**
 * A recorded option by its path (`'data.imbalanceFactor'`, `'model.name'`, `'seed'`) in a run's options or a sweep's
 * base options, or `undefined` when they do not have it. Reports read options this way because they come from JSON
 * files.
 *
 * @example
 * recordedOption(run, 'optimiser.epochs');                // 200
 * recordedOption({ options: sweep.baseOptions }, 'data.dataset'); // 'fashion-mnist'
 */
export function recordedOption(run: Pick<RunResults, 'options'> | { readonly options: unknown }, path: string): unknown {
  let node: unknown = run.options;
  for (const key of path.split('.')) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}
