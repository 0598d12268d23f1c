import * as tfl from '@tensorflow/tfjs-layers';
import type { Classifier } from 'class-balanced-loss';
import { ConvBatchNorm } from './ConvBatchNorm.js';
import { heNormal } from './heNormal.js';
import { logitsLayer } from './logitsLayer.js';
import { OptionAShortcut } from './OptionAShortcut.js';

/** A tfjs-layers initializer (the package does not export the class type). */
export type Initializer = ReturnType<typeof tfl.initializers.zeros>;

/** What the model builders share: input, classes, the final bias initializer and the seed. */
export interface ModelSpec {
  readonly inputShape: readonly number[];
  readonly numClasses: number;
  /** Initializer of the final dense bias (zeros for softmax, the prior bias for sigmoid/focal). */
  readonly logitsBiasInitializer: Initializer | 'zeros';
  /** The final layer: dense (default) or the normalised `'cosine'` classifier (LDAM). */
  readonly classifier?: Classifier;
  readonly seed: number;
}

/**
 * Name of the final dense layer of every model; its bias is the one left out of weight decay.
 * @example model.getLayer(LOGITS_LAYER_NAME).getWeights()[1]; // the logits bias, shape [C]
 */
export const LOGITS_LAYER_NAME = 'logits';

// Batch-norm settings: decay (momentum) 0.9 and epsilon 1e-5, as the paper's code (an earlier comment here gave its
// decay as 0.997; it is 0.9). The moving statistics then settle within the short runs of the CLI (a few hundred steps).
export const BN_MOMENTUM = 0.9;
/** Batch-norm epsilon of every ResNet here (the paper's code). */
export const BN_EPSILON = 1e-5;

type Symbolic = tfl.SymbolicTensor;

/**
 * conv3x3 (no bias) → batch norm (→ ReLU when `relu`), one {@link ConvBatchNorm} layer named `name`. A stride-2
 * convolution pads one pixel on every side explicitly, as TF's CIFAR ResNet does: output pixel i is centred on
 * input pixel 2i for every input size ('same' pads only after when the size is even, shifting the grid).
 * Weights as a conv2d layer followed by a batchNormalization layer: kernel, gamma, beta, moving mean, moving variance.
 */
function convBn(x: Symbolic, name: string, filters: number, strides: number, seed: number, relu: boolean): Symbolic {
  return new ConvBatchNorm({
    name,
    filters,
    kernelSize: 3,
    strides,
    padding: strides > 1 ? [[1, 1], [1, 1]] : 'same',
    activation: relu ? 'relu' : 'linear',
    momentum: BN_MOMENTUM,
    epsilon: BN_EPSILON,
    kernelInitializer: heNormal(seed, name),
  }).apply(x) as Symbolic;
}

/**
 * A CIFAR ResNet (He et al. 2016, §4.2; the paper's ResNet-32), post-activation ("v1") basic blocks:
 * conv3x3(16)-BN-ReLU, then 3 stages of n = (depth - 2) / 6 blocks with 16/32/64 filters (stride 2 at the
 * first block of stages 2 and 3), global average pooling and a dense layer giving the logits.
 * Each block: conv3x3-BN-ReLU-conv3x3-BN, plus the shortcut, then ReLU. Shortcuts are identities, except
 * where the shape changes: option A ({@link OptionAShortcut}: 2×2 average pooling, stride 2, and zero-padded
 * channels; no weights), as in the paper's code, so ResNet-32 has 464,154 trainable parameters for 10 classes.
 * Convolutions have no bias (BN follows); kernels are He-normal, seeded per layer. Stride-2 3x3 convolutions
 * pad one pixel on every side explicitly (as TF's CIFAR ResNet), so 32 → 16 → 8 and 7 → 4.
 * Each conv → BN (→ ReLU) is one {@link ConvBatchNorm} layer (one native kernel forward and one backward on the
 * libtorch backend), with the weights of a conv2d layer followed by a batchNormalization layer, in that order.
 * Layers are named `conv1`, `stage{s}_block{b}_conv{1,2}`, `stage{s}_block{b}_shortcut`, `_add`, `_relu2`, `pool`,
 * `logits`. (Models saved before the fused layer have `_pad`, `_bn` and `_relu…` layers besides; they load as saved.)
 * Use {@link buildModel}, which validates its options; this is the builder behind it.
 *
 * @param depth 6n + 2 (20, 32, 44, 56, 110).
 * @example
 * const model = buildResNet(32, { inputShape: [32, 32, 3], numClasses: 10, logitsBiasInitializer: 'zeros', seed: 1 });
 * model.outputs[0].shape; // [null, 10]
 */
export function buildResNet(depth: number, spec: ModelSpec): tfl.LayersModel {
  const blocks = (depth - 2) / 6;
  const input = tfl.input({ shape: [...spec.inputShape], name: 'input' });
  let x = convBn(input, 'conv1', 16, 1, spec.seed, true);
  let inFilters = 16;
  [16, 32, 64].forEach((filters, stage) => {
    for (let block = 0; block < blocks; block++) {
      const strides = stage > 0 && block === 0 ? 2 : 1;
      const prefix = `stage${stage + 1}_block${block + 1}`;
      const h = convBn(x, `${prefix}_conv1`, filters, strides, spec.seed, true);
      const y = convBn(h, `${prefix}_conv2`, filters, 1, spec.seed, false);
      let shortcut = x;
      if (strides !== 1 || inFilters !== filters) {
        shortcut = new OptionAShortcut({ filters, name: `${prefix}_shortcut` }).apply(x) as Symbolic;
      }
      const sum = tfl.layers.add({ name: `${prefix}_add` }).apply([y, shortcut]) as Symbolic;
      x = tfl.layers.reLU({ name: `${prefix}_relu2` }).apply(sum) as Symbolic;
      inFilters = filters;
    }
  });
  const pooled = tfl.layers.globalAveragePooling2d({ name: 'pool' }).apply(x) as Symbolic;
  const logits = logitsLayer(spec).apply(pooled) as Symbolic;
  return tfl.model({ inputs: input, outputs: logits, name: `resnet${depth}` });
}
