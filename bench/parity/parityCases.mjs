// @ts-check
// The parity matrix: which losses, models and sizes are compared, in one place for parity.mjs and the tests.
import { RECIPE } from './runParityCase.mjs';

/**
 * Every loss the harness compares: softmax, sigmoid and sigmoid focal (γ 0.5, 1, 2), each unweighted (β = 0) and
 * class-balanced (β = 0.9999, on the long-tailed stream below: weights from 0.1 for the head to 2.6 for the tail).
 * @type {readonly { id: string, loss: { type: 'softmax' | 'sigmoid' | 'focal', beta: number, gamma?: number } }[]}
 */
export const PARITY_LOSSES = Object.freeze(
  [0, 0.9999].flatMap((beta) =>
    [
      { type: /** @type {const} */ ('softmax') },
      { type: /** @type {const} */ ('sigmoid') },
      ...[0.5, 1, 2].map((gamma) => ({ type: /** @type {const} */ ('focal'), gamma })),
    ].map((l) => ({ id: `${beta > 0 ? 'cb-' : ''}${l.type}${'gamma' in l ? `-${l.gamma}` : ''}`, loss: { ...l, beta } })),
  ),
);

/** Models the harness knows how to build in PyTorch (torch_parity.py): the small CNN and the CIFAR ResNets. */
export const PARITY_MODELS = Object.freeze(['cnn', 'resnet20', 'resnet32']);

/** The sizes {@link caseSpec} knows: the fast default, and CIFAR's (for one realistic check). */
export const PARITY_SIZES = Object.freeze(['small', 'cifar']);

/**
 * Sizes per backend. `cifar`: 32x32x3 images, imbalance factor 100 as in long-tailed CIFAR-10 (242 samples, 100 → 1),
 * batches of 128 (the recipe's), 2 steps per epoch. `small` (the default): 8x8x3 images, 10 classes, 94 long-tailed samples (32 → 1, imbalance factor 32) in batches of
 * 48: 2 steps per epoch, 4 epochs, so the 8 steps cross the warm-up (0.4 epoch), full rate and both milestones
 * (epochs 3.2 and 3.6). The cpu backend is very slow at convolution gradients, so it gets 6x6x3 and 53 samples
 * (16 → 1) in batches of 27: still 2 steps per epoch, and odd-sized maps (6 → 3 → 2) in the ResNets.
 * @param {string} backend
 * @param {string} [size] 'small' (default) or 'cifar'
 */
export function sizeFor(backend, size = 'small') {
  if (size === 'cifar') return { inputShape: [32, 32, 3], maxCount: 100, imbalanceFactor: 100, batchSize: 128 };
  return backend === 'cpu'
    ? { inputShape: [6, 6, 3], maxCount: 16, imbalanceFactor: 16, batchSize: 27 }
    : { inputShape: [8, 8, 3], maxCount: 32, imbalanceFactor: 32, batchSize: 48 };
}

/**
 * The full spec of one case.
 * @param {{ backend: string, model: string, loss: { type: 'softmax' | 'sigmoid' | 'focal', beta: number, gamma?: number },
 *   epochs?: number, seed?: number, augment?: boolean, size?: string }} o
 * @returns {import('./tfjsCase.mjs').CaseSpec}
 */
export function caseSpec(o) {
  return { model: o.model, numClasses: 10, ...sizeFor(o.backend, o.size), loss: o.loss, epochs: o.epochs ?? 4, ...RECIPE, augment: o.augment ?? false, seed: o.seed ?? 1 };
}
