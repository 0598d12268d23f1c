// Median time of tf.mean(x, [0, 1, 2]) and of tf.moments(x, [0, 1, 2]) (mean + one-pass variance) on the libtorch
// backend for ResNet-32's activation sizes. Usage: node bench/momentsMicro.mjs
import * as tf from '@tensorflow/tfjs-core';
import { registerLibtorchBackend, setThreads } from '../dist/index.js';

registerLibtorchBackend();
await tf.setBackend('libtorch');
setThreads(2);
const median = (f) => {
  const times = [];
  for (let k = 0; k < 30; ++k) {
    const t = performance.now();
    tf.tidy(() => f().dataSync());
    times.push(performance.now() - t);
  }
  return times.sort((a, b) => a - b)[15].toFixed(3);
};
for (const shape of [[128, 32, 32, 16], [128, 16, 16, 32], [128, 8, 8, 64]]) {
  const x = tf.randomNormal(shape);
  console.log(`${JSON.stringify(shape)}: mean ${median(() => tf.mean(x, [0, 1, 2]))} ms, moments ${median(() => tf.moments(x, [0, 1, 2]).variance)} ms, relu ${median(() => tf.sum(tf.relu(x)))} ms`);
  x.dispose();
}
