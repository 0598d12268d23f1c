import * as tf from '@tensorflow/tfjs-core';
import type { DataParallel } from './DataParallel.js';

/**
 * Gathers the ranks' parts of one array of `length` values: each rank writes its `part` at its `offset` of a zero
 * vector of `length` and one sum over ranks (`untimed`: not a gradient exchange) adds them up, so with disjoint parts
 * every rank receives the whole array (an allreduce; `length` float32 values cross the network per rank). The values
 * travel as float32: integers of magnitude below 2^24 arrive exactly. A collective: every rank calls it, with the
 * same `length`.
 *
 * `whole[offset + j] = part[j]` for every rank's part (positions no rank writes stay 0).
 *
 * @throws RangeError (an internal error) when the part does not fit: `offset + part.length` > `length`.
 * @example
 * // rank 0 of 2: [1, 2] at 0; rank 1: [3, 4, 5] at 2
 * await gatherAtOffset(dp, Float32Array.from([1, 2]), 0, 5); // Float32Array [1, 2, 3, 4, 5] on both ranks
 */
export async function gatherAtOffset(dp: DataParallel, part: Float32Array, offset: number, length: number): Promise<Float32Array> {
  const whole = new Float32Array(length);
  whole.set(part, offset);
  const mine = tf.tensor1d(whole, 'float32');
  let summed: tf.Tensor[] = [];
  try {
    summed = await dp.sum([mine], { untimed: true });
    // A copy: a backend may hand out the tensor's own memory, which the dispose below frees.
    return new Float32Array((await summed[0]!.data()) as Float32Array);
  } finally {
    tf.dispose([mine, ...summed]);
  }
}
