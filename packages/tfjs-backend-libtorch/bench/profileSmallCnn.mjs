// Per-kernel time of one small-CNN training step on the libtorch backend (tf.profile), summed by kernel name.
import * as tf from '@tensorflow/tfjs-core';
import { warmSmallCnn } from './smallCnnModel.mjs';
import { registerLibtorchBackend, setThreads } from '../dist/index.js';

registerLibtorchBackend();
await tf.setBackend('libtorch');
setThreads(2);
const { model, x, y } = await warmSmallCnn();
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
