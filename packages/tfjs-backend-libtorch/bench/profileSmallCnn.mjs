// Per-kernel time of one small-CNN training step on the libtorch backend (tf.profile), summed by kernel name.
import * as tf from '@tensorflow/tfjs-core';
import { kernelTimes } from './kernelTimes.mjs';
import { warmSmallCnn } from './smallCnnModel.mjs';
import { registerLibtorchBackend, setThreads } from '../dist/index.js';

registerLibtorchBackend();
await tf.setBackend('libtorch');
setThreads(2);
const { model, x, y } = await warmSmallCnn();
const t = performance.now();
const info = await tf.profile(async () => { await model.trainOnBatch(x, y); });
const wall = performance.now() - t;
const { rows, total, calls } = kernelTimes(info);
console.log(`wall ${wall.toFixed(1)} ms (profiled), kernel sum ${total.toFixed(1)} ms, ${calls} kernel calls`);
for (const [name, e] of rows) console.log(`${name.padEnd(24)} ${String(e.n).padStart(4)} calls ${e.ms.toFixed(2).padStart(8)} ms`);
