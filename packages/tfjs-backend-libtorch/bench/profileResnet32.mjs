// Per-kernel time of one ResNet-32 training step (bench/engine/models.mjs resnetCifar(5), batch 128, 2 threads) on
// the libtorch backend, summed by kernel name. Usage: node bench/profileResnet32.mjs
import * as tf from '@tensorflow/tfjs-core';
import { registerLibtorchBackend, setThreads } from '../dist/index.js';
import { resnetCifar } from '../../../bench/engine/models.mjs';
import { kernelTimes } from './kernelTimes.mjs';
registerLibtorchBackend(); await tf.setBackend('libtorch'); setThreads(2);
const model = resnetCifar(5);
model.compile({ optimizer: tf.train.momentum(0.1, 0.9), loss: 'categoricalCrossentropy' });
const xs = tf.randomNormal([128, 32, 32, 3]); const ys = tf.oneHot(tf.randomUniform([128], 0, 10, 'int32'), 10);
for (let i = 0; i < 2; i++) await model.trainOnBatch(xs, ys);
const steps = []; for (let i = 0; i < 3; i++) { const t = performance.now(); await model.trainOnBatch(xs, ys); steps.push(performance.now() - t); }
const info = await tf.profile(async () => { await model.trainOnBatch(xs, ys); });
const { rows, total, calls } = kernelTimes(info);
console.log(`steps ${steps.map((s) => s.toFixed(0)).join(', ')}; kernel sum ${total.toFixed(0)} ms over ${calls} calls`);
for (const [name, e] of rows.slice(0, 30)) console.log(`${name.padEnd(28)} ${String(e.n).padStart(4)} ${e.ms.toFixed(1).padStart(8)} ms`);
