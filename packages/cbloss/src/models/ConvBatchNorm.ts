import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { convBatchNorm, type ConvBatchNormActivation } from 'tfjs-backend-libtorch/ops';
import type { Initializer } from './resnet.js';

/** Convolution padding: 'same', 'valid', or explicit `[[top, bottom], [left, right]]`. */
export type ConvPadding = 'same' | 'valid' | readonly [readonly [number, number], readonly [number, number]];

/** Configuration of a {@link ConvBatchNorm} layer (what it serialises, with the kernel initializer's config). */
export interface ConvBatchNormConfig {
  readonly filters: number;
  readonly kernelSize: number;
  readonly strides: number;
  readonly padding: ConvPadding;
  /** After the batch norm: 'relu' or 'linear'. */
  readonly activation: ConvBatchNormActivation;
  /** Batch-norm momentum: moving = momentum · moving + (1 − momentum) · batch statistic. */
  readonly momentum: number;
  readonly epsilon: number;
  readonly kernelInitializer: Initializer;
  /** γ's initial value: 'ones' (default), or 'zeros' (a residual block's last batch norm, Goyal et al. 2017). */
  readonly gammaInitializer?: 'ones' | 'zeros';
  readonly name?: string;
}

/** Output length of a convolution along one axis. */
function outputLength(size: number | null, kernel: number, stride: number, pad: ConvPadding, axis: 0 | 1): number | null {
  if (size === null) return null;
  if (pad === 'same') return Math.ceil(size / stride);
  const [before, after] = pad === 'valid' ? [0, 0] : pad[axis];
  return Math.floor((size + before + after - kernel) / stride) + 1;
}

/** A registered initializer rebuilt from `{ className, config }` (how getConfig stores it). */
function initializerFrom(serialized: tf.serialization.ConfigDict): Initializer {
  const entry = tf.serialization.SerializationMap.getMap().classNameMap[serialized['className'] as string];
  if (entry === undefined) return tfl.initializers.zeros();
  const [cls, fromConfig] = entry;
  return fromConfig(cls, (serialized['config'] ?? {}) as tf.serialization.ConfigDict) as unknown as Initializer;
}

/**
 * Convolution (no bias) → batch normalisation (→ ReLU) as one layer, over `convBatchNorm` of
 * `tfjs-backend-libtorch/ops`: one native kernel forward and one backward on the libtorch backend, and the same
 * TF.js ops as tfjs-layers' conv2d + batchNormalization + reLU layers elsewhere.
 *
 *   z = conv2d(x, kernel, strides, padding)
 *   training:  y = act(γ · (z − mean_B) / sqrt(var_B + ε) + β), mean_B and var_B (biased) over batch, height, width;
 *              moving_mean ← moving_mean − (moving_mean − mean_B) · (1 − momentum), and likewise moving_variance
 *              with var_B: tfjs-layers' batchNormalization update, to the rounding
 *   inference: y = act(γ · (z − moving_mean) / sqrt(moving_variance + ε) + β)
 *
 * Weights, in this order: `kernel` [k, k, Cin, filters], `gamma`, `beta` (trainable), `moving_mean`,
 * `moving_variance` (not trainable) — those of a conv2d layer followed by a batchNormalization layer, so a model
 * keeps its weights' order and shapes. Registered with `tf.serialization`, so saved models load back.
 *
 * @example
 * const y = new ConvBatchNorm({ name: 'conv1', filters: 16, kernelSize: 3, strides: 1, padding: 'same', activation: 'relu',
 *   momentum: 0.9, epsilon: 1e-5, kernelInitializer: heNormal(1, 'conv1') }).apply(x); // [null, H, W, 16]
 */
export class ConvBatchNorm extends tfl.layers.Layer {
  static readonly className = 'CblossConvBatchNorm';
  private readonly config: ConvBatchNormConfig;
  private kernel: tfl.LayerVariable | undefined;
  private gamma: tfl.LayerVariable | undefined;
  private beta: tfl.LayerVariable | undefined;
  private movingMean: tfl.LayerVariable | undefined;
  private movingVariance: tfl.LayerVariable | undefined;

  constructor(config: ConvBatchNormConfig) {
    super(config.name === undefined ? {} : { name: config.name });
    this.config = config;
  }

  override build(inputShape: tfl.Shape | tfl.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tfl.Shape;
    const inChannels = shape[shape.length - 1] as number;
    const { filters, kernelSize } = this.config;
    this.kernel = this.addWeight('kernel', [kernelSize, kernelSize, inChannels, filters], 'float32', this.config.kernelInitializer);
    const gammaInit = this.config.gammaInitializer === 'zeros' ? tfl.initializers.zeros() : tfl.initializers.ones();
    this.gamma = this.addWeight('gamma', [filters], 'float32', gammaInit);
    this.beta = this.addWeight('beta', [filters], 'float32', tfl.initializers.zeros());
    this.movingMean = this.addWeight('moving_mean', [filters], 'float32', tfl.initializers.zeros(), undefined, false);
    this.movingVariance = this.addWeight('moving_variance', [filters], 'float32', tfl.initializers.ones(), undefined, false);
    this.built = true;
  }

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tfl.Shape;
    const { kernelSize, strides, padding, filters } = this.config;
    return [shape[0] ?? null, outputLength(shape[1] ?? null, kernelSize, strides, padding, 0), outputLength(shape[2] ?? null, kernelSize, strides, padding, 1), filters];
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: tf.serialization.ConfigDict): tf.Tensor {
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor4D;
      const training = kwargs['training'] === true;
      const { padding, strides, epsilon, activation, momentum } = this.config;
      const pad = typeof padding === 'string' ? padding : ([[0, 0], [...padding[0]], [...padding[1]], [0, 0]] as tf.backend_util.ExplicitPadding);
      const movingMean = this.movingMean as tfl.LayerVariable;
      const movingVariance = this.movingVariance as tfl.LayerVariable;
      const { y, mean, variance } = convBatchNorm(
        x,
        (this.kernel as tfl.LayerVariable).read() as tf.Tensor4D,
        (this.gamma as tfl.LayerVariable).read() as tf.Tensor1D,
        (this.beta as tfl.LayerVariable).read() as tf.Tensor1D,
        training
          ? { strides, pad, epsilon, activation, training }
          : { strides, pad, epsilon, activation, training, movingMean: movingMean.read() as tf.Tensor1D, movingVariance: movingVariance.read() as tf.Tensor1D },
      );
      if (training) {
        // tfjs-layers' batchNormalization update, operation for operation: moving − (moving − batch) · (1 − momentum).
        for (const [variable, value] of [[movingMean, mean], [movingVariance, variance]] as const) {
          const old = variable.read();
          variable.write(tf.sub(old, tf.mul(tf.sub(old, value), 1 - momentum)));
        }
      }
      return y;
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    const { filters, kernelSize, strides, padding, activation, momentum, epsilon, kernelInitializer } = this.config;
    return {
      ...super.getConfig(),
      filters,
      kernelSize,
      strides,
      padding: typeof padding === 'string' ? padding : padding.map((p) => [...p]),
      activation,
      momentum,
      epsilon,
      gammaInitializer: this.config.gammaInitializer ?? 'ones',
      kernelInitializer: { className: kernelInitializer.getClassName(), config: kernelInitializer.getConfig() },
    };
  }

  static override fromConfig<T extends tf.serialization.Serializable>(
    cls: tf.serialization.SerializableConstructor<T>,
    config: tf.serialization.ConfigDict,
  ): T {
    return new cls({
      name: config['name'],
      filters: config['filters'],
      kernelSize: config['kernelSize'],
      strides: config['strides'],
      padding: config['padding'],
      activation: config['activation'],
      momentum: config['momentum'],
      epsilon: config['epsilon'],
      gammaInitializer: config['gammaInitializer'],
      kernelInitializer: initializerFrom(config['kernelInitializer'] as tf.serialization.ConfigDict),
    });
  }
}

tf.serialization.registerClass(ConvBatchNorm);
