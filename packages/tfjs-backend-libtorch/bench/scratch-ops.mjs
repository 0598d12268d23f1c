import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { registerLibtorchBackend } from '../dist/index.js';
registerLibtorchBackend();
for (const b of ['cpu', 'libtorch']) {
  await tf.setBackend(b);
  const a = tf.ones([4, 8]);
  const time = (name, f, n = 2000) => { for (let i = 0; i < 50; i++) tf.dispose(f()); const t = performance.now(); for (let i = 0; i < n; i++) tf.dispose(f()); console.log(b, name, ((performance.now() - t) / n * 1000).toFixed(1), 'us'); };
  time('add', () => tf.add(a, a));
  const x = tf.randomNormal([4, 8, 8, 8]); const w = tf.randomNormal([3, 3, 8, 8]);
  time('conv tiny', () => tf.conv2d(x, w, 1, 'same'), 500);
  time('conv bwd input', () => tf.conv2dTranspose(x, w, [4,8,8,8], 1, 'same'), 500);
  time('bn', () => tf.batchNorm(x, tf.zeros([8]), tf.ones([8])), 500);
  time('mean', () => tf.mean(x, [0,1,2]), 500);
}
