// @ts-check
// The parity matrix: which losses, models and sizes are compared, in one place for parity.mjs and the tests.
import { RECIPE } from './runParityCase.mjs';

/**
 * A loss as the harness trains it: a method of the library's registry (`type`, e.g. `'ldam'`), its class-balanced β,
 * its own parameters (`gamma`, `tau`, `maxMargin`, `scale`) and the deferred re-weighting epoch (`drwEpoch`: the
 * weights of β switch on at that epoch).
 * @typedef {{ type: string, beta: number, gamma?: number, tau?: number, maxMargin?: number, scale?: number, drwEpoch?: number }} ParityLoss
 */

/**
 * The paper's losses: softmax, sigmoid and sigmoid focal (γ 0.5, 1, 2), each unweighted (β = 0) and class-balanced
 * (β = 0.9999, on the long-tailed stream below: weights from 0.1 for the head to 2.6 for the tail).
 * @type {readonly { id: string, loss: ParityLoss, sampler?: string }[]}
 */
const PAPER_LOSSES = [0, 0.9999].flatMap((beta) =>
  [
    { type: 'softmax' },
    { type: 'sigmoid' },
    ...[0.5, 1, 2].map((gamma) => ({ type: 'focal', gamma })),
  ].map((l) => ({ id: `${beta > 0 ? 'cb-' : ''}${l.type}${'gamma' in l ? `-${l.gamma}` : ''}`, loss: { ...l, beta } })),
);

/** The epoch at which the DRW cases switch their weights on: the middle of the default 4 epochs (step 4 of 8). */
export const PARITY_DRW_EPOCH = 2;

/**
 * The registry's newer methods, each against its authors' formulation in torch_parity.py: LDAM on the cosine
 * classifier (Cao et al.: margins 0.5·(n_min/n)^¼, s = 30, `F.cross_entropy(weight=...)`), LDAM-DRW and CB softmax +
 * DRW (β = 0.9999 from epoch {@link PARITY_DRW_EPOCH}: the runs cross the switch), the logit-adjusted loss
 * (Menon et al., τ = 1.5; also class-balanced), balanced softmax (Ren et al.) and softmax on the class-balanced
 * sampler's batches.
 * @type {readonly { id: string, loss: ParityLoss, sampler?: string }[]}
 */
const NEWER_METHODS = [
  { id: 'ldam', loss: { type: 'ldam', beta: 0, maxMargin: 0.5, scale: 30 } },
  { id: 'ldam-drw', loss: { type: 'ldam', beta: 0.9999, maxMargin: 0.5, scale: 30, drwEpoch: PARITY_DRW_EPOCH } },
  { id: 'cb-softmax-drw', loss: { type: 'softmax', beta: 0.9999, drwEpoch: PARITY_DRW_EPOCH } },
  { id: 'logit-adjusted-1.5', loss: { type: 'logit-adjusted', beta: 0, tau: 1.5 } },
  { id: 'cb-logit-adjusted-1.5', loss: { type: 'logit-adjusted', beta: 0.9999, tau: 1.5 } },
  { id: 'balanced-softmax', loss: { type: 'balanced-softmax', beta: 0 } },
  { id: 'softmax-cb-sampler', loss: { type: 'softmax', beta: 0 }, sampler: 'class-balanced' },
];

/**
 * Every case of loss (and sampler) the harness compares, by id: the paper's ten, then the newer methods.
 * `sampler` (default `'instance'`) is the trainer's sampler, whose batches PyTorch receives as they were drawn.
 * @type {readonly { id: string, loss: ParityLoss, sampler?: string }[]}
 */
export const PARITY_LOSSES = Object.freeze([...PAPER_LOSSES, ...NEWER_METHODS]);

/**
 * Models the harness knows how to build in PyTorch (torch_parity.py): the small CNN, the CIFAR ResNets and the
 * bottleneck ResNet-50 of the large-scale experiments (give it the `32px` size: its stem divides the side by 4 and
 * its stages by 8 more).
 */
export const PARITY_MODELS = Object.freeze(['cnn', 'resnet20', 'resnet32', 'resnet50']);

/** The sizes {@link caseSpec} knows: the fast default, CIFAR's (for one realistic check) and `32px` (for ResNet-50). */
export const PARITY_SIZES = Object.freeze(['small', 'cifar', '32px']);

/**
 * Sizes per backend. `cifar`: 32x32x3 images, imbalance factor 100 as in long-tailed CIFAR-10 (242 samples, 100 → 1),
 * batches of 128 (the recipe's), 2 steps per epoch. `small` (the default): 8x8x3 images, 10 classes, 94 long-tailed samples (32 → 1, imbalance factor 32) in batches of
 * 48: 2 steps per epoch, 4 epochs, so the 8 steps cross the warm-up (0.4 epoch), full rate and both milestones
 * (epochs 3.2 and 3.6). The cpu backend is very slow at convolution gradients, so it gets 6x6x3 and 53 samples
 * (16 → 1) in batches of 27: still 2 steps per epoch, and odd-sized maps (6 → 3 → 2) in the ResNets. `32px`: 32x32x3,
 * 43 samples (12 → 1) in batches of 24, 2 steps per epoch; ResNet-50's maps go 32 → 16 → 8 → 4 → 2 → 1.
 * @param {string} backend
 * @param {string} [size] 'small' (default), 'cifar' or '32px'
 */
export function sizeFor(backend, size = 'small') {
  if (size === 'cifar') return { inputShape: [32, 32, 3], maxCount: 100, imbalanceFactor: 100, batchSize: 128 };
  if (size === '32px') return { inputShape: [32, 32, 3], maxCount: 12, imbalanceFactor: 12, batchSize: 24 };
  return backend === 'cpu'
    ? { inputShape: [6, 6, 3], maxCount: 16, imbalanceFactor: 16, batchSize: 27 }
    : { inputShape: [8, 8, 3], maxCount: 32, imbalanceFactor: 32, batchSize: 48 };
}

/**
 * The full spec of one case.
 * @param {{ backend: string, model: string, loss: ParityLoss, sampler?: string, epochs?: number, seed?: number, augment?: boolean, size?: string }} o
 * @returns {import('./tfjsCase.mjs').CaseSpec}
 */
export function caseSpec(o) {
  return {
    model: o.model,
    numClasses: 10,
    ...sizeFor(o.backend, o.size),
    loss: o.loss,
    sampler: o.sampler ?? 'instance',
    epochs: o.epochs ?? 4,
    ...RECIPE,
    augment: o.augment ?? false,
    seed: o.seed ?? 1,
  };
}
