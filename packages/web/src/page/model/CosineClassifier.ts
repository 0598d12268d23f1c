import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { cosineLogits } from 'class-balanced-loss';

/** Configuration of a {@link CosineClassifier}: the number of classes, and the seed of its kernel. */
export interface CosineClassifierConfig {
  readonly units: number;
  readonly seed?: number;
  readonly name?: string;
}

/**
 * The last layer of methods whose registry entry says `classifier: 'cosine'` (LDAM's `NormedLinear`, Cao et
 * al., arXiv:1906.07413): a kernel W [D, C] and no bias, with logits x_{b,c} = cos(f_b, W_{:,c}) in [-1, 1],
 * computed by the library's `cosineLogits` (the loss then scales them). Serialisable under
 * `'CbWebCosineClassifier'` (registered by {@link cosineClassifier}), so exported models load back.
 */
export class CosineClassifier extends tfl.layers.Layer {
  static readonly className = 'CbWebCosineClassifier';
  readonly units: number;
  private readonly seed: number | undefined;
  private kernel: tfl.LayerVariable | undefined;

  constructor(config: CosineClassifierConfig) {
    super(config.name === undefined ? {} : { name: config.name });
    this.units = config.units;
    this.seed = config.seed;
  }

  override build(inputShape: tfl.Shape | tfl.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tfl.Shape;
    const features = shape[shape.length - 1] as number;
    this.kernel = this.addWeight('kernel', [features, this.units], 'float32', tfl.initializers.glorotUniform({ seed: this.seed }));
    this.built = true;
  }

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tfl.Shape;
    return [shape[0] ?? null, this.units];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const features = Array.isArray(inputs) ? (inputs[0] as tf.Tensor) : inputs;
    return cosineLogits(features, (this.kernel as tfl.LayerVariable).read());
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), units: this.units };
  }

  override getClassName(): string {
    return CosineClassifier.className;
  }
}

/**
 * A {@link CosineClassifier} of `units` classes; registers the class for (de)serialisation (idempotent).
 *
 * @example
 * tfl.sequential({ layers: [tfl.layers.dense({ inputShape: [4], units: 8 }), cosineClassifier({ units: 3 })] });
 * // logits in [-1, 1]
 */
export function cosineClassifier(config: CosineClassifierConfig): CosineClassifier {
  tf.serialization.registerClass(CosineClassifier as unknown as tf.serialization.SerializableConstructor<tf.serialization.Serializable>);
  return new CosineClassifier(config);
}
