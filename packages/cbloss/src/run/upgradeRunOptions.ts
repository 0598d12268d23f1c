import type { RunOptions } from '../types.js';

/**
 * Reads run options recorded by any version of cbloss: the nested {@link RunOptions} of today, or the flat record of
 * cbloss 0.1 (`{ dataset, loss, beta, gamma, model, epochs, ..., out }`, which `results/` in this repository still
 * holds), converted field by field. Anything else is returned as it is, for the caller's validation to reject.
 *
 * @example
 * upgradeRunOptions({ dataset: 'fashion-mnist', loss: 'focal', beta: 0.999, gamma: 1, epochs: 10, out: 'r', ... }).loss;
 * // { method: 'focal', beta: 0.999, parameters: { gamma: 1 } }
 */
export function upgradeRunOptions(recorded: unknown): unknown {
  if (recorded === null || typeof recorded !== 'object' || Array.isArray(recorded)) return recorded;
  const flat = recorded as Record<string, unknown>;
  if (typeof flat['loss'] !== 'string') return recorded; // nested already (its `loss` is a group)
  const defined = (entries: Record<string, unknown>): Record<string, unknown> =>
    Object.fromEntries(Object.entries(entries).filter(([, v]) => v !== undefined));
  return {
    data: defined({
      dataset: flat['dataset'],
      imbalanceFactor: flat['imbalanceFactor'],
      profile: flat['profile'],
      validationFraction: flat['validationFraction'],
      augment: flat['augment'],
      sampler: 'instance', // 0.1 always shuffled every example once per epoch
    }),
    loss: { method: flat['loss'], beta: flat['beta'], parameters: flat['loss'] === 'focal' ? { gamma: flat['gamma'] } : {} },
    model: defined({ name: flat['model'] }),
    optimiser: defined({
      epochs: flat['epochs'],
      batchSize: flat['batchSize'],
      learningRate: flat['learningRate'],
      momentum: flat['momentum'],
      weightDecay: flat['weightDecay'],
      warmupEpochs: flat['warmupEpochs'],
    }),
    seed: flat['seed'],
    compute: defined({ backend: flat['backend'], threads: flat['threads'], dataDir: flat['dataDir'] }),
    output: defined({ out: flat['out'], resume: flat['resume'] }),
  } satisfies Record<keyof RunOptions, unknown>;
}
