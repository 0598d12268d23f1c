import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { cosineLogits } from 'class-balanced-loss';

/** Configuration of a {@link CosineDense} layer (what it serialises). */
export interface CosineDenseConfig {
  readonly units: number;
  /** Seed of the kernel's initial values. */
  readonly seed: number;
  readonly name?: string;
}

/**
 * A normalised linear classifier, LDAM's `NormedLinear` (Cao et al., arXiv:1906.07413): the cosine between the
 * features and each class's weight vector (the library's `cosineLogits`), no bias,
 *
 *   logits_{b,c} = (f_b / ‖f_b‖) · (W_{:,c} / ‖W_{:,c}‖)     ∈ [-1, 1]
 *
 * the last layer a method whose registry entry has `classifier: 'cosine'` is trained with (the loss scales the
 * cosines by its s). The kernel [D, C] starts uniform in [-1, 1] with unit-norm columns, as the official code's
 * `uniform_(-1, 1).renorm_(2, 1, 1e-5).mul_(1e5)`. Registered with `tf.serialization`, so saved models load back.
 *
 * @example
 * const logits = new CosineDense({ units: 10, seed: 1, name: 'logits' }).apply(features); // [B, 10] in [-1, 1]
 */
export class CosineDense extends tfl.layers.Layer {
  static readonly className = 'CblossCosineDense';
  private readonly units: number;
  private readonly seed: number;
  private kernel: tfl.LayerVariable | undefined;

  constructor(config: CosineDenseConfig) {
    super(config.name === undefined ? {} : { name: config.name });
    this.units = config.units;
    this.seed = config.seed;
  }

  override build(inputShape: tfl.Shape | tfl.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tfl.Shape;
    const features = shape[shape.length - 1] as number;
    const kernel = this.addWeight('kernel', [features, this.units], 'float32', tfl.initializers.randomUniform({ minval: -1, maxval: 1, seed: this.seed }));
    // Unit-norm columns, the official initialisation (the cosine itself does not depend on the norm; its gradient does).
    kernel.write(tf.tidy(() => {
      const values = kernel.read();
      return tf.div(values, tf.norm(values, 2, 0, true));
    }));
    this.kernel = kernel;
    this.built = true;
  }

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tfl.Shape;
    return [...shape.slice(0, -1), this.units];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = Array.isArray(inputs) ? (inputs[0] as tf.Tensor) : inputs;
    return cosineLogits(x, (this.kernel as tfl.LayerVariable).read());
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), units: this.units, seed: this.seed };
  }

  static override fromConfig<T extends tf.serialization.Serializable>(
    cls: tf.serialization.SerializableConstructor<T>,
    config: tf.serialization.ConfigDict,
  ): T {
    return new cls({ units: config['units'], seed: config['seed'], name: config['name'] });
  }
}

tf.serialization.registerClass(CosineDense);
