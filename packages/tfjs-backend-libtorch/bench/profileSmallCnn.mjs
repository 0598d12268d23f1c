// Per-kernel time of one small-CNN training step on the libtorch backend (tf.profile), summed by kernel name.
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { registerLibtorchBackend, setThreads } from '../dist/index.js';

registerLibtorchBackend();
await tf.setBackend('libtorch');
setThreads(2);
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
const t = performance.now();
const info = await tf.profile(async () => { await model.trainOnBatch(x, y); });
const wall = performance.now() - t;
const byName = new Map();
for (const k of info.kernels) {
  const e = byName.get(k.name) ?? { n: 0, ms: 0 };
  e.n += 1;
  e.ms += Number(k.kernelTimeMs) || 0;
  byName.set(k.name, e);
}
const rows = [...byName].sort((a, b) => b[1].ms - a[1].ms);
let total = 0;
for (const [, e] of rows) total += e.ms;
console.log(`wall ${wall.toFixed(1)} ms (profiled), kernel sum ${total.toFixed(1)} ms, ${info.kernels.length} kernel calls`);
for (const [name, e] of rows) console.log(`${name.padEnd(24)} ${String(e.n).padStart(4)} calls ${e.ms.toFixed(2).padStart(8)} ms`);
