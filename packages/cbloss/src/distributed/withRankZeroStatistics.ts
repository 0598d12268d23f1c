import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { DataParallel } from './DataParallel.js';

/**
 * Runs `run` with rank 0's values of the model's non-trainable weights on every rank, then puts this rank's own
 * back. Data-parallel training keeps the trainable weights equal on every rank, but batch norm's moving statistics
 * are each rank's own (DDP without SyncBN): the saved model and its metrics are rank 0's, so ranks that evaluate parts
 * of a split together must all evaluate rank 0's model. One broadcast (nothing for a model without such weights, e.g.
 * an MLP); the rank's own statistics go on training as before. A collective: every rank calls it, with the same model.
 *
 * @example
 * const parts = await withRankZeroStatistics(dp, model, () => rankMyPart(model)); // rank 0's ResNet-50 on every rank
 */
export async function withRankZeroStatistics<T>(dp: DataParallel, model: LayersModel, run: () => Promise<T>): Promise<T> {
  const weights = model.nonTrainableWeights;
  if (weights.length === 0) return run();
  const own = weights.map((w) => w.read().clone());
  let received: tf.Tensor[] = [];
  try {
    received = await dp.broadcast(weights.map((w) => w.read()));
    weights.forEach((w, i) => w.write(received[i]!));
    return await run();
  } finally {
    weights.forEach((w, i) => w.write(own[i]!));
    tf.dispose([...own, ...received]);
  }
}
