// Resident memory and step time over 6000 Adam steps of a small MLP (leak check outside the test suite).
// Usage: node --expose-gc bench/rssMlp.mjs [backend]
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-layers';
import { registerLibtorchBackend } from '../dist/index.js';
registerLibtorchBackend();
await tf.setBackend(process.argv[2] ?? 'libtorch');
const w1 = tf.variable(tf.randomNormal([32, 64], 0, 0.1)); const b1 = tf.variable(tf.zeros([64])); const w2 = tf.variable(tf.randomNormal([64, 10], 0, 0.1));
const x = tf.randomNormal([64, 32]); const y = tf.oneHot(tf.randomUniform([64], 0, 10, 'int32'), 10);
const optimizer = tf.train.adam(1e-3);
const step = () => optimizer.minimize(() => tf.losses.softmaxCrossEntropy(y, tf.matMul(tf.relu(tf.add(tf.matMul(x, w1), b1)), w2)));
for (let r = 0; r < 6; r++) { const t = performance.now(); for (let k = 0; k < 1000; ++k) step(); global.gc?.(); console.log(r, (process.memoryUsage().rss / 2 ** 20).toFixed(1), 'MB', ((performance.now() - t)/1000).toFixed(3), 'ms/step', tf.memory().numTensors); }
