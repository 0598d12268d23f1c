import { COMPUTED_GROUPS, type RunOptions } from '../types.js';
import { upgradeRunOptions } from './upgradeRunOptions.js';
import { CblossError } from '../CblossError.js';

/**
 * The options a resumed run continues with: what it computes (`data`, `loss`, `model`, `optimiser`, `seed`) as
 * saved in its checkpoint, where and how (`compute`, `output`) as requested now — except a requested backend
 * `'auto'` (the default), which keeps the saved backend. Checkpoints of cbloss 0.1 (flat options) are read too.
 *
 * @throws CblossError `invalid-file` when the checkpoint holds no options.
 * @example
 * resumedOptions(checkpoint.meta['options'], { ...requested, compute: { backend: 'wasm' } }, dir).compute.backend; // 'wasm'
 */
export function resumedOptions(saved: unknown, requested: RunOptions, checkpointDir: string): RunOptions {
  const upgraded = upgradeRunOptions(saved);
  if (upgraded === null || typeof upgraded !== 'object' || !COMPUTED_GROUPS.every((group) => group in upgraded)) {
    throw new CblossError('invalid-file', `runExperiment: '${checkpointDir}' must hold the run options; got a checkpoint without them.`);
  }
  const savedOptions = upgraded as RunOptions;
  const backend = requested.compute.backend === 'auto' ? (savedOptions.compute?.backend ?? 'auto') : requested.compute.backend;
  return { ...savedOptions, compute: { ...requested.compute, backend }, output: requested.output };
}
