import * as tf from '@tensorflow/tfjs-core';
import { CblossError } from '../CblossError.js';

/**
 * Per-channel (images) or per-feature (tabular) statistics of a training split, used to standardise every
 * batch: `normalized = (x · scale - mean) / std`, broadcast over the last axis.
 */
export interface ChannelStats {
  /** Mean of `x · scale`, one per channel / feature. */
  readonly mean: number[];
  /** Population standard deviation of `x · scale` (constant channels get 1, so they map to 0, not NaN). */
  readonly std: number[];
  /** `1/255` for `Uint8Array` images (pixels to [0, 1]), `1` for `Float32Array` tabular data. */
  readonly scale: number;
}

function product(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/**
 * Mean and standard deviation of each channel (the last axis of `sampleShape`) over the first `count`
 * samples of `x`, accumulated in float64 with two passes (mean, then squared deviations) so that large
 * means do not cancel the variance. Images (`Uint8Array`) are measured on the `[0, 1]` scale (`x / 255`);
 * tabular data (`Float32Array`) as is. Compute it on the training split only and reuse it for the test split.
 *
 * @param x samples, row-major, `count × prod(sampleShape)` values (NHWC for images).
 * @param sampleShape `[H, W, C]` or `[F]`: statistics are per `C` / per `F`.
 * @throws CblossError `invalid-argument` for a non-positive count, `shape-mismatch` when `x` is too short.
 * @example
 * channelStats(new Uint8Array([0, 255, 255, 255]), 2, [1, 1, 2]);
 * // { mean: [0.5, 1], std: [0.5, 1], scale: 1/255 }   (channel 1 is constant, so its std is reported as 1)
 */
export function channelStats(x: Uint8Array | Float32Array, count: number, sampleShape: readonly number[]): ChannelStats {
  if (!Number.isInteger(count) || count < 1) {
    throw new CblossError('invalid-argument', `channelStats: 'count' must be a positive integer; got ${count}.`);
  }
  if (sampleShape.length === 0 || !sampleShape.every((d) => Number.isInteger(d) && d > 0)) {
    throw new CblossError('invalid-argument', `channelStats: 'sampleShape' must be a non-empty list of positive integers; got [${sampleShape.join(', ')}].`);
  }
  const total = count * product(sampleShape);
  if (x.length < total) {
    throw new CblossError('shape-mismatch', `channelStats: 'x' must hold count × [${sampleShape.join(', ')}] = ${total} values; got ${x.length}.`);
  }
  const channels = sampleShape[sampleShape.length - 1]!;
  const scale = x instanceof Uint8Array ? 1 / 255 : 1;
  const perChannel = total / channels;
  const sums = new Float64Array(channels);
  for (let i = 0; i < total; i += channels) {
    for (let c = 0; c < channels; c++) sums[c]! += x[i + c]!;
  }
  const rawMean = Float64Array.from(sums, (s) => s / perChannel);
  const squares = new Float64Array(channels);
  for (let i = 0; i < total; i += channels) {
    for (let c = 0; c < channels; c++) {
      const d = x[i + c]! - rawMean[c]!;
      squares[c]! += d * d;
    }
  }
  const mean = Array.from(rawMean, (m) => m * scale);
  const std = Array.from(squares, (s) => {
    const sd = Math.sqrt(s / perChannel) * scale;
    return sd > 0 ? sd : 1;
  });
  return { mean, std, scale };
}

/**
 * Standardises a batch with statistics from {@link channelStats}: `(x · scale - mean) / std` per channel
 * (last axis), computed as one multiply-add `x · (scale/std) + (-mean/std)`. Accepts the raw batch in any
 * numeric dtype (uint8 pixel values as `int32`, or `float32`) and returns a new `float32` tensor of the same
 * shape; the input is not disposed. Runs inside `tf.tidy`, so no intermediate leaks.
 *
 * @throws CblossError `shape-mismatch` when the last axis differs from the number of channels in `stats`.
 * @example
 * const stats = { mean: [0.5], std: [0.25], scale: 1 / 255 };
 * normalizeBatch(tf.tensor([0, 255], [2, 1], 'int32'), stats).print(); // [[-2], [2]]
 */
export function normalizeBatch(batch: tf.Tensor, stats: ChannelStats): tf.Tensor {
  const channels = batch.shape[batch.shape.length - 1];
  if (channels !== stats.mean.length || stats.std.length !== stats.mean.length) {
    throw new CblossError(
      'shape-mismatch',
      `normalizeBatch: 'batch' must have ${stats.mean.length} channels in its last axis (as 'stats'); got shape [${batch.shape.join(', ')}].`,
    );
  }
  return tf.tidy(() => {
    const multiplier = tf.tensor1d(stats.std.map((s) => stats.scale / s));
    const offset = tf.tensor1d(stats.mean.map((m, i) => -m / stats.std[i]!));
    return tf.add(tf.mul(tf.cast(batch, 'float32'), multiplier), offset);
  });
}
