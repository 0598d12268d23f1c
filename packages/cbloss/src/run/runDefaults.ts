import type { RunOptions } from '../types.js';

/**
 * The defaults of every run option that has one: the paper's training recipe (Cui et al., arXiv:1901.05555, §5.1 —
 * CIFAR, ResNet-32): SGD with momentum 0.9, batch 128, weight decay 2e-4, learning rate 0.1 with a 5-epoch linear
 * warm-up, decayed ×0.01 at epochs 160 and 180 of 200; long-tailed training sets with an exponential profile and
 * imbalance factor 100; unweighted softmax (β = 0). The method's own parameters default to the library registry's
 * values. The model and augmentation are decided by the loaded data (see `dataDefaults`).
 */
export const RUN_DEFAULTS = {
  data: { dataset: 'fashion-mnist', imbalanceFactor: 100, profile: 'exponential', validationFraction: 0, sampler: 'instance' },
  loss: { method: 'softmax', beta: 0 },
  optimiser: { epochs: 200, batchSize: 128, learningRate: 0.1, momentum: 0.9, weightDecay: 2e-4, warmupEpochs: 5 },
  seed: 1,
  compute: { backend: 'auto' },
  output: { resume: false },
} as const satisfies {
  data: Omit<RunOptions['data'], 'augment'>;
  loss: Omit<RunOptions['loss'], 'parameters' | 'drwEpoch'>;
  optimiser: RunOptions['optimiser'];
  seed: number;
  compute: Omit<RunOptions['compute'], 'threads' | 'dataDir'>;
  output: Omit<RunOptions['output'], 'out'>;
};
