// Per-kernel time of one ResNet-20 training step (32x32x3, batch 128, widths 16/32/64, SGD momentum) on the
// libtorch backend, summed by kernel name. Usage: node bench/profileResnet.mjs [batch=128] [threads=2]
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { registerLibtorchBackend, setThreads, fallbackKernelNames } from '../dist/index.js';
import { kernelTimes } from './kernelTimes.mjs';

const batch = Number(process.argv[2] ?? 128);
registerLibtorchBackend();
await tf.setBackend('libtorch');
setThreads(Number(process.argv[3] ?? 2));
const input = tfl.input({ shape: [32, 32, 3] });
const convBn = (x, filters, strides, relu) => {
  let y = tfl.layers.conv2d({ filters, kernelSize: 3, strides, padding: 'same', useBias: false }).apply(x);
  y = tfl.layers.batchNormalization().apply(y);
  return relu ? tfl.layers.activation({ activation: 'relu' }).apply(y) : y;
};
let x = convBn(input, 16, 1, true);
[16, 32, 64].forEach((filters, stage) => {
  for (let block = 0; block < 3; ++block) {
    const strides = stage > 0 && block === 0 ? 2 : 1;
    const y = convBn(convBn(x, filters, strides, true), filters, 1, false);
    const shortcut = strides === 1 ? x : tfl.layers.conv2d({ filters, kernelSize: 1, strides, padding: 'same' }).apply(x);
    x = tfl.layers.activation({ activation: 'relu' }).apply(tfl.layers.add().apply([y, shortcut]));
  }
});
const output = tfl.layers.dense({ units: 10, activation: 'softmax' }).apply(tfl.layers.globalAveragePooling2d({}).apply(x));
const model = tfl.model({ inputs: input, outputs: output });
model.compile({ optimizer: tf.train.momentum(0.1, 0.9), loss: 'categoricalCrossentropy' });
const xs = tf.randomNormal([batch, 32, 32, 3]);
const ys = tf.oneHot(tf.randomUniform([batch], 0, 10, 'int32'), 10);
for (let i = 0; i < 2; i++) await model.trainOnBatch(xs, ys);
const steps = [];
for (let i = 0; i < 3; i++) { const t = performance.now(); await model.trainOnBatch(xs, ys); steps.push(performance.now() - t); }
const info = await tf.profile(async () => { await model.trainOnBatch(xs, ys); });
const { rows, total, calls } = kernelTimes(info);
console.log(`steps ${steps.map((s) => s.toFixed(0)).join(', ')} ms (${(batch * 1000 / Math.min(...steps)).toFixed(0)} img/s best); profiled kernel sum ${total.toFixed(0)} ms over ${calls} calls; fallbacks ${JSON.stringify(fallbackKernelNames())}`);
for (const [name, e] of rows.slice(0, 25)) console.log(`${name.padEnd(24)} ${String(e.n).padStart(4)} calls ${e.ms.toFixed(1).padStart(8)} ms`);
