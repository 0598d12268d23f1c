import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { Sgd } from '../train/sgd.js';
import type { DataParallel } from './DataParallel.js';

/**
 * Makes every rank start from rank 0's state: its model weights (trainable and not, e.g. batch-norm moving
 * statistics) and its SGD momentum buffers, in one broadcast. Called once before the first step, fresh or resumed,
 * so ranks that built their models differently (or read another checkpoint) still train one model.
 *
 * @example await syncFromRankZero(dp, model, sgd);
 */
export async function syncFromRankZero(dp: DataParallel, model: LayersModel, sgd: Sgd): Promise<void> {
  const weights = model.weights;
  const momentum = sgd.getState().map((values) => tf.tensor1d(values, 'float32'));
  try {
    const received = await dp.broadcast([...weights.map((w) => w.read()), ...momentum]);
    try {
      weights.forEach((w, i) => w.write(received[i]!));
      sgd.setState(received.slice(weights.length).map((t) => new Float32Array(t.dataSync() as Float32Array)));
    } finally {
      tf.dispose(received);
    }
  } finally {
    tf.dispose(momentum);
  }
}
