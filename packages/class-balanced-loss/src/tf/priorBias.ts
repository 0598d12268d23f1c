import * as tf from '@tensorflow/tfjs-core';
import { assertInteger } from '../core/validate.js';

/**
 * Initial bias of the last layer for sigmoid and focal losses (Lin et al., arXiv:1708.02002, section 4.1;
 * used by Cui et al., arXiv:1901.05555): b = -log((1-π)/π) with prior π = 1/C, i.e.
 *
 *   b = -log(C - 1)
 *
 * so that every class starts with probability σ(b) = 1/C instead of 0.5, which keeps the C-1 negative
 * terms from dominating the first iterations.
 *
 * @param numClasses - C, an integer ≥ 2.
 * @example
 * priorBias(10); // -2.1972245773362196
 */
export function priorBias(numClasses: number): number {
  assertInteger('priorBias', 'numClasses', numClasses, 2);
  return -Math.log(numClasses - 1);
}

/** Configuration of a {@link PriorBiasInitializer}. */
export interface PriorBiasConfig {
  readonly numClasses: number;
}

/**
 * A tfjs-layers initializer filling a tensor with {@link priorBias}(numClasses).
 *
 * tfjs-layers accepts, besides its own `Initializer` instances, a serialised `{ className, config }`
 * object which it resolves through `tf.serialization`: this class is registered there under
 * `'CbLossPriorBias'` and its instances carry `className` and `config`, so
 * `tf.layers.dense({ biasInitializer: priorBiasInitializer(C) })` works without this package depending on
 * tfjs-layers; the layer serialises it by `getClassName()` / `getConfig()`. It also has every member of the
 * tfjs-layers `Initializer` type, so TypeScript accepts it there without a cast.
 */
export class PriorBiasInitializer {
  static readonly className = 'CbLossPriorBias';
  readonly className = PriorBiasInitializer.className;
  readonly config: PriorBiasConfig;

  constructor(config: PriorBiasConfig) {
    assertInteger('PriorBiasInitializer', 'numClasses', config?.numClasses, 2);
    this.config = { numClasses: config.numClasses };
  }

  /** A tensor of `shape` filled with -log(C-1). */
  apply(shape: number[], dtype?: tf.DataType): tf.Tensor {
    return tf.fill(shape, priorBias(this.config.numClasses), dtype === 'int32' ? 'int32' : 'float32');
  }

  getClassName(): string {
    return PriorBiasInitializer.className;
  }

  /** Part of the tfjs-layers `Initializer` interface (so no cast is needed in `biasInitializer`). */
  fromConfigUsesCustomObjects(): boolean {
    return false;
  }

  getConfig(): { numClasses: number } {
    return { numClasses: this.config.numClasses };
  }

  static fromConfig(cls: new (config: PriorBiasConfig) => PriorBiasInitializer, config: PriorBiasConfig): PriorBiasInitializer {
    return new cls({ numClasses: config.numClasses });
  }
}

/**
 * A `biasInitializer` for the last (logits) layer of a model trained with a sigmoid or focal loss:
 * every bias starts at {@link priorBias}(numClasses) = -log(C-1).
 *
 * @param numClasses - C, an integer ≥ 2.
 * @example
 * const logits = tf.layers.dense({ units: 10, biasInitializer: priorBiasInitializer(10) });
 * // after build, logits.getWeights()[1] is filled with -2.1972246
 */
export function priorBiasInitializer(numClasses: number): PriorBiasInitializer {
  assertInteger('priorBiasInitializer', 'numClasses', numClasses, 2);
  // registration is idempotent; done here rather than at import so that the package stays side-effect free
  tf.serialization.registerClass(PriorBiasInitializer as unknown as tf.serialization.SerializableConstructor<tf.serialization.Serializable>);
  return new PriorBiasInitializer({ numClasses });
}
