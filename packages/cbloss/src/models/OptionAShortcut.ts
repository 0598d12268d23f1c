import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { CblossError } from '../CblossError.js';

/** Configuration of an {@link OptionAShortcut} layer (what it serialises). */
export interface OptionAShortcutConfig {
  /** Output channels; at least the input's. */
  readonly filters: number;
  readonly name?: string;
}

/** Channels added before the input's: ⌊(filters − inputChannels) / 2⌋, the rest go after (the paper's code). */
export function shortcutChannelPad(inputChannels: number, filters: number): [number, number] {
  const before = Math.floor((filters - inputChannels) / 2);
  return [before, filters - inputChannels - before];
}

/**
 * Shortcut "option A" of He et al. (2016, §4.2) as the paper's code implements it: 2×2 average pooling with
 * stride 2, then zero channels padded on both sides, ⌊(filters − C) / 2⌋ before the input's C channels and the rest
 * after. No weights. Input [B, H, W, C] → output [B, ⌈H/2⌉, ⌈W/2⌉, filters].
 *
 * Odd sizes (e.g. 7×7 → 4×4): the pooling pads 'same' (one row/column after), and the last row/column averages the
 * valid pixels only, as TF's `avg_pool` does in the paper's code. (Models of cbloss 0.1 wrote this shortcut as a
 * frozen 2×2 convolution, which also averaged in the padding's zeros there; on even sizes both give the same values.)
 * Registered with `tf.serialization`, so saved models load back.
 *
 * @example
 * const y = new OptionAShortcut({ filters: 32, name: 'stage2_block1_shortcut' }).apply(x); // [B, 32, 32, 16] → [B, 16, 16, 32]
 */
export class OptionAShortcut extends tfl.layers.Layer {
  static readonly className = 'CblossOptionAShortcut';
  private readonly filters: number;

  constructor(config: OptionAShortcutConfig) {
    super(config.name === undefined ? {} : { name: config.name });
    this.filters = config.filters;
  }

  override build(inputShape: tfl.Shape | tfl.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tfl.Shape;
    const channels = shape[shape.length - 1];
    if (shape.length !== 4 || typeof channels !== 'number' || channels > this.filters) {
      throw new CblossError(
        'shape-mismatch',
        `OptionAShortcut: the input must be [B, H, W, C] with C <= filters (${this.filters}); got [${shape.map(String).join(', ')}].`,
      );
    }
    this.built = true;
  }

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tfl.Shape;
    const half = (d: number | null | undefined): number | null => (typeof d === 'number' ? Math.ceil(d / 2) : null);
    return [shape[0] ?? null, half(shape[1]), half(shape[2]), this.filters];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor4D;
    return tf.tidy(() => {
      const pooled = tf.avgPool(x, 2, 2, 'same');
      const [before, after] = shortcutChannelPad(x.shape[3], this.filters);
      return tf.pad(pooled, [[0, 0], [0, 0], [0, 0], [before, after]]);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), filters: this.filters };
  }

  static override fromConfig<T extends tf.serialization.Serializable>(
    cls: tf.serialization.SerializableConstructor<T>,
    config: tf.serialization.ConfigDict,
  ): T {
    return new cls({ filters: config['filters'], name: config['name'] });
  }
}

tf.serialization.registerClass(OptionAShortcut);
