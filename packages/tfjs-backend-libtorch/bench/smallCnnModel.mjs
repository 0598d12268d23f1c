// The small CNN shared by smallCnn.mjs and profileSmallCnn.mjs: conv32-pool-conv64-pool-dense128-dense10 on 28x28x1,
// SGD momentum, categorical cross-entropy.
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

/**
 * The compiled model on the active backend and a random batch of 128 (x, one-hot y), after 3 warm-up trainOnBatch steps.
 * @example const { model, x, y } = await warmSmallCnn(); await model.trainOnBatch(x, y);
 */
export async function warmSmallCnn() {
  const model = tfl.sequential({
    layers: [
      tfl.layers.conv2d({ inputShape: [28, 28, 1], filters: 32, kernelSize: 3, activation: 'relu', padding: 'same' }),
      tfl.layers.maxPooling2d({ poolSize: 2 }),
      tfl.layers.conv2d({ filters: 64, kernelSize: 3, activation: 'relu', padding: 'same' }),
      tfl.layers.maxPooling2d({ poolSize: 2 }),
      tfl.layers.flatten(),
      tfl.layers.dense({ units: 128, activation: 'relu' }),
      tfl.layers.dense({ units: 10, activation: 'softmax' }),
    ],
  });
  model.compile({ optimizer: tf.train.momentum(0.01, 0.9), loss: 'categoricalCrossentropy' });
  const x = tf.randomNormal([128, 28, 28, 1]);
  const y = tf.oneHot(tf.randomUniform([128], 0, 10, 'int32'), 10);
  for (let i = 0; i < 3; i++) await model.trainOnBatch(x, y);
  return { model, x, y };
}
