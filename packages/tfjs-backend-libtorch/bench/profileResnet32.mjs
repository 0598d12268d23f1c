// Per-kernel time of one ResNet-32 training step (bench/engine/models.mjs resnetCifar(5), batch 128, 2 threads) on
// the libtorch backend, summed by kernel name. Usage: node bench/profileResnet32.mjs
import * as tf from '@tensorflow/tfjs-core';
import { registerLibtorchBackend, setThreads } from '../dist/index.js';
import { resnetCifar } from '../../../bench/engine/models.mjs';
registerLibtorchBackend(); await tf.setBackend('libtorch'); setThreads(2);
const model = resnetCifar(5);
model.compile({ optimizer: tf.train.momentum(0.1, 0.9), loss: 'categoricalCrossentropy' });
const xs = tf.randomNormal([128, 32, 32, 3]); const ys = tf.oneHot(tf.randomUniform([128], 0, 10, 'int32'), 10);
for (let i = 0; i < 2; i++) await model.trainOnBatch(xs, ys);
const steps = []; for (let i = 0; i < 3; i++) { const t = performance.now(); await model.trainOnBatch(xs, ys); steps.push(performance.now() - t); }
const info = await tf.profile(async () => { await model.trainOnBatch(xs, ys); });
const byName = new Map();
for (const k of info.kernels) { const e = byName.get(k.name) ?? { n: 0, ms: 0, big: 0 }; e.n++; e.ms += Number(k.kernelTimeMs) || 0; byName.set(k.name, e); }
let total = 0; for (const [, e] of byName) total += e.ms;
console.log(`steps ${steps.map((s) => s.toFixed(0)).join(', ')}; kernel sum ${total.toFixed(0)} ms over ${info.kernels.length} calls`);
for (const [name, e] of [...byName].sort((a, b) => b[1].ms - a[1].ms).slice(0, 30)) console.log(`${name.padEnd(28)} ${String(e.n).padStart(4)} ${e.ms.toFixed(1).padStart(8)} ms`);
