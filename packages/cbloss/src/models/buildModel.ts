import type * as tfl from '@tensorflow/tfjs-layers';
import { priorBiasInitializer, type Classifier, type FinalBias } from 'class-balanced-loss';
import { CblossError } from '../CblossError.js';
import type { ModelName } from '../types.js';
import { resolveModelName } from './modelNames.js';
import { buildResNet, type Initializer, type ModelSpec } from './resnet.js';
import { buildBottleneckResNet, type BottleneckDepth } from './resnetBottleneck.js';
import { buildCnn, buildMlp } from './smallModels.js';

/** Options of {@link buildModel}. */
export interface BuildModelOptions {
  /** Shape of one sample: `[H, W, C]` for images (ResNets, cnn), `[F]` or any shape for the mlp. */
  readonly inputShape: readonly number[];
  /** Number of classes C (>= 2): the width of the logits. */
  readonly numClasses: number;
  /** Initial bias of the logits, as the loss method's registry entry says (`resolveMethod(name).finalBias`). */
  readonly finalBias: FinalBias;
  /** The final layer, as the method's registry entry says (`resolveMethod(name).classifier`): dense (default) or the
   * normalised cosine classifier ({@link CosineDense}, no bias). */
  readonly classifier?: Classifier | undefined;
  /** Seed of every initializer (each layer derives its own from it and its name). */
  readonly seed: number;
}

const RESNET_DEPTHS: Readonly<Record<string, number>> = { resnet20: 20, resnet32: 32, resnet44: 44, resnet56: 56, resnet110: 110 };
const BOTTLENECK_DEPTHS: Readonly<Record<string, BottleneckDepth>> = { resnet50: 50, resnet101: 101, resnet152: 152 };

function shapeText(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

function validate(name: ModelName, options: BuildModelOptions): void {
  const { inputShape, numClasses, finalBias, seed } = options;
  if (!Array.isArray(inputShape) || inputShape.length === 0 || !inputShape.every((d) => Number.isInteger(d) && d > 0)) {
    throw new CblossError('invalid-argument', `buildModel: 'inputShape' must be a non-empty list of positive integers; got ${JSON.stringify(inputShape)}.`);
  }
  if (!Number.isInteger(numClasses) || numClasses < 2) {
    throw new CblossError('invalid-argument', `buildModel: 'numClasses' must be an integer >= 2; got ${numClasses}.`);
  }
  if (finalBias !== 'zero' && finalBias !== 'prior') {
    throw new CblossError('unknown-name', `buildModel: 'finalBias' must be one of zero, prior; got '${String(finalBias)}'.`);
  }
  if (options.classifier !== undefined && options.classifier !== 'linear' && options.classifier !== 'cosine') {
    throw new CblossError('unknown-name', `buildModel: 'classifier' must be one of linear, cosine; got '${String(options.classifier)}'.`);
  }
  if (!Number.isSafeInteger(seed)) {
    throw new CblossError('invalid-argument', `buildModel: 'seed' must be an integer; got ${seed}.`);
  }
  if (name !== 'mlp' && inputShape.length !== 3) {
    throw new CblossError('shape-mismatch', `buildModel: 'inputShape' must be [H, W, C] for model '${name}'; got ${shapeText(inputShape)}.`);
  }
  if (name === 'cnn' && ((inputShape[0] ?? 0) < 4 || (inputShape[1] ?? 0) < 4)) {
    throw new CblossError('shape-mismatch', `buildModel: 'inputShape' must have H, W >= 4 for model 'cnn'; got ${shapeText(inputShape)}.`);
  }
}

/**
 * Builds a fresh, seeded classifier whose output is the logits (no softmax/sigmoid: the losses work in
 * logit space). Models:
 * - `resnet20` … `resnet110`: the CIFAR ResNets of He et al. (depth 6n+2, 16/32/64 filters, option-A
 *   shortcuts as in the paper's code); any `[H, W, C]` input, 32x32x3 in the paper. ResNet-32 is the
 *   paper's model: 464,154 trainable parameters for 10 classes; ResNet-20: 269,722.
 * - `resnet50`, `resnet101`, `resnet152`: the bottleneck ResNets of the paper's large-scale experiments (v1, stride on
 *   the 3×3 conv as its TPU code, last BN γ of each block zero, final kernel N(0, 0.01)); 224×224×3 in the paper.
 * - `cnn`: conv3x3(32)-ReLU-maxpool-conv3x3(64)-ReLU-maxpool-dense128-dense C, for 28x28x1 images.
 * - `mlp`: dense 256 ReLU - dense 256 ReLU - dense C, for tabular data (flattens other inputs).
 *
 * Kernels are He-normal, each layer seeded from `seed` and its name, so the same seed gives the same initial
 * weights on every backend. With `finalBias: 'prior'` (sigmoid and focal losses) the final bias starts at the
 * prior `b = -log(C - 1)` (every class probability 1/C at first, Cui et al. §4 after Lin et al.); with `'zero'`
 * (softmax-type losses) at 0. The final dense layer is named `'logits'`.
 *
 * Training mode matters for the ResNets (batch norm): call the model with `model.apply(x, { training: true })`
 * when training and `model.predict(x)` for inference.
 *
 * @param name one of {@link MODEL_NAMES} (checked: unknown names throw `unknown-name` with a suggestion).
 * @throws CblossError `invalid-argument`, `shape-mismatch` or `unknown-name` for bad options.
 * @example
 * const model = buildModel('resnet32', { inputShape: [32, 32, 3], numClasses: 10, finalBias: 'prior', seed: 1 });
 * model.countParams(); // 466426: 464,154 trainable, plus the BN moving statistics
 * (model.predict(tf.zeros([2, 32, 32, 3])) as tf.Tensor).shape; // [2, 10]
 */
export function buildModel(name: ModelName, options: BuildModelOptions): tfl.LayersModel {
  const modelName = resolveModelName(name);
  validate(modelName, options);
  const logitsBiasInitializer: Initializer | 'zeros' =
    options.finalBias === 'zero'
      ? 'zeros'
      : // The library's initializer is a registered serializable {className, config}; tfjs-layers deserializes it.
        (priorBiasInitializer(options.numClasses) as unknown as Initializer);
  const spec: ModelSpec = {
    inputShape: options.inputShape,
    numClasses: options.numClasses,
    logitsBiasInitializer,
    ...(options.classifier === undefined ? {} : { classifier: options.classifier }),
    seed: options.seed,
  };
  const depth = RESNET_DEPTHS[modelName];
  if (depth !== undefined) return buildResNet(depth, spec);
  const bottleneck = BOTTLENECK_DEPTHS[modelName];
  if (bottleneck !== undefined) return buildBottleneckResNet(bottleneck, spec);
  return modelName === 'cnn' ? buildCnn(spec) : buildMlp(spec);
}
