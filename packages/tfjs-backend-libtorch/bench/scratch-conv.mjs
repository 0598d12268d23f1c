import * as tf from '@tensorflow/tfjs-core';
import { registerLibtorchBackend, setThreads } from '../dist/index.js';
registerLibtorchBackend();
await tf.setBackend('libtorch');
const time = (name, f, n = 300) => { for (let i = 0; i < 20; i++) tf.dispose(f()); const t = performance.now(); for (let i = 0; i < n; i++) tf.dispose(f()); console.log(name, ((performance.now() - t) / n * 1000).toFixed(1), 'us'); };
const x = tf.randomNormal([4, 8, 8, 8]); const w = tf.randomNormal([3, 3, 8, 8]);
for (const th of [1, 2]) {
  setThreads(th);
  time(`t${th} conv same`, () => tf.conv2d(x, w, 1, 'same'));
  time(`t${th} conv valid`, () => tf.conv2d(x, w, 1, 'valid'));
  time(`t${th} relu`, () => tf.relu(x));
}
