import { DEFAULT_MAX_MARGIN } from '../core/ldamMargins.js';
import { DEFAULT_LDAM_SCALE, ldamLoss } from '../tf/ldamLoss.js';
import { logitAdjustedLoss } from '../tf/logitAdjustedLoss.js';
import { DEFAULT_GAMMA } from '../tf/lossOptions.js';
import { sigmoidCrossEntropy } from '../tf/sigmoidCrossEntropy.js';
import { sigmoidFocalLoss } from '../tf/sigmoidFocalLoss.js';
import { softmaxCrossEntropy } from '../tf/softmaxCrossEntropy.js';
import type { LossMethod } from './LossMethod.js';

const CUI = 'Cui et al., Class-Balanced Loss Based on Effective Number of Samples, CVPR 2019 (arXiv:1901.05555)';
const MENON = 'Menon et al., Long-Tail Learning via Logit Adjustment, ICLR 2021 (arXiv:2007.07314)';
const REN = 'Ren et al., Balanced Meta-Softmax for Long-Tailed Visual Recognition, NeurIPS 2020 (arXiv:2007.10740)';
const CAO = 'Cao et al., Learning Imbalanced Datasets with Label-Distribution-Aware Margin Loss, NeurIPS 2019 (arXiv:1906.07413)';

/**
 * The registry of loss methods: the single list that the library's `createLoss`, the CLI's `--loss` (its choices,
 * per-method flags and their validation, the final-bias initialiser, the weight-decay exclusion), sweeps and report
 * labels are all derived from. Every method also takes the class-balanced weights of β (`createLoss`'s `beta`;
 * 0 = unweighted), so "CB focal" is `focal` with β > 0.
 *
 * Adding a method: write its per-example loss (`(labels, logits, options)`, one file, with its tests) and add one
 * entry here.
 *
 * @example
 * LOSS_METHODS.map((m) => m.name); // ['softmax', 'sigmoid', 'focal', ...]
 */
export const LOSS_METHODS = [
  {
    name: 'softmax',
    label: 'softmax',
    summary: 'softmax cross-entropy',
    reference: CUI,
    parameters: [],
    reduction: 'mean',
    finalBias: 'zero',
    classInputs: 'weights',
    loss: (labels, logits, o) => softmaxCrossEntropy(labels, logits, { classWeights: o.classWeights, reduction: o.reduction }),
  },
  {
    name: 'sigmoid',
    label: 'sigmoid',
    summary: 'sigmoid cross-entropy (one-vs-all), prior-initialised final bias',
    reference: CUI,
    parameters: [],
    reduction: 'meanOverPositives',
    finalBias: 'prior',
    classInputs: 'weights',
    loss: (labels, logits, o) => sigmoidCrossEntropy(labels, logits, { classWeights: o.classWeights, reduction: o.reduction }),
  },
  {
    name: 'focal',
    label: 'focal',
    summary: 'sigmoid focal loss (1 - p_t)^γ · BCE, prior-initialised final bias',
    reference: `Lin et al., Focal Loss for Dense Object Detection, ICCV 2017 (arXiv:1708.02002); ${CUI}`,
    parameters: [
      { name: 'gamma', symbol: 'γ', sweepValues: [0.5, 1, 2], default: DEFAULT_GAMMA, min: 0, max: Infinity, help: 'focusing parameter γ; 0 gives sigmoid cross-entropy' },
    ],
    reduction: 'meanOverPositives',
    finalBias: 'prior',
    classInputs: 'weights',
    loss: (labels, logits, o) =>
      sigmoidFocalLoss(labels, logits, { classWeights: o.classWeights, reduction: o.reduction, gamma: o.parameters['gamma'] }),
  },
  {
    name: 'ldam',
    label: 'LDAM',
    summary: 'label-distribution-aware margin loss: softmax CE of s·(x − Δ_y), margins Δ_j ∝ n_j^(-1/4); with drwEpoch: LDAM-DRW',
    reference: CAO,
    parameters: [
      { name: 'maxMargin', symbol: 'Δ', default: DEFAULT_MAX_MARGIN, min: 0, max: Infinity, help: 'largest margin Δ, of the rarest class (Δ_j ∝ n_j^(-1/4)); 0 = no margin' },
      { name: 'scale', symbol: 's', default: DEFAULT_LDAM_SCALE, min: 0, max: Infinity, minExclusive: true, help: 'logit scale s (30 for cosine logits, as the official code)' },
    ],
    // the official F.cross_entropy(weight=...): Σ w_b·CE_b / Σ w_b
    reduction: 'weightedMean',
    finalBias: 'zero',
    classifier: 'cosine',
    classInputs: 'counts',
    loss: (labels, logits, o) =>
      ldamLoss(labels, logits, {
        samplesPerClass: o.samplesPerClass,
        maxMargin: o.parameters['maxMargin'],
        scale: o.parameters['scale'],
        classWeights: o.classWeights,
        reduction: o.reduction,
      }),
  },
  {
    name: 'logit-adjusted',
    label: 'logit-adjusted',
    summary: 'logit-adjusted softmax cross-entropy CE(x + τ·log π, y), π the training class priors',
    reference: MENON,
    parameters: [{ name: 'tau', symbol: 'τ', sweepValues: [0.5, 1, 1.5, 2], default: 1, min: 0, max: Infinity, help: 'weight τ of the log-prior added to the logits; 0 = softmax CE, 1 = balanced softmax' }],
    // as 'ldam' and 'balanced-softmax' (PyTorch's F.cross_entropy(weight=...)), so that τ = 1 equals 'balanced-softmax' at every β
    reduction: 'weightedMean',
    finalBias: 'zero',
    classInputs: 'counts',
    loss: (labels, logits, o) =>
      logitAdjustedLoss(labels, logits, { samplesPerClass: o.samplesPerClass, tau: o.parameters['tau'], classWeights: o.classWeights, reduction: o.reduction }),
  },
  {
    name: 'balanced-softmax',
    label: 'balanced softmax',
    summary: 'balanced softmax: softmax cross-entropy of the logits plus the log training priors (logit-adjusted, τ = 1)',
    reference: REN,
    parameters: [],
    // the official balanced_softmax_loss calls F.cross_entropy (weight=... when weighted)
    reduction: 'weightedMean',
    finalBias: 'zero',
    classInputs: 'counts',
    loss: (labels, logits, o) =>
      logitAdjustedLoss(labels, logits, { samplesPerClass: o.samplesPerClass, tau: 1, classWeights: o.classWeights, reduction: o.reduction }),
  },
] as const satisfies readonly LossMethod[];

/** The name of a registered method, e.g. `'focal'`. */
export type MethodName = (typeof LOSS_METHODS)[number]['name'];

/** The registered method names, in registry order. */
export const METHOD_NAMES: readonly MethodName[] = LOSS_METHODS.map((method) => method.name);
