// Per-kernel time of one class-balanced loss forward + backward (B = 256, C = 8142, long-tailed counts,
// beta = 0.999, gamma = 1) on the libtorch backend, summed by kernel name.
// Usage: node bench/profileLoss.mjs [softmax|sigmoid|focal] [classes]
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-layers';
import { classBalancedLoss, longTailCounts } from 'class-balanced-loss';
import { registerLibtorchBackend, setThreads, fallbackKernelNames } from '../dist/index.js';

const type = process.argv[2] ?? 'focal';
const classes = Number(process.argv[3] ?? 8142);
const batch = 256;
registerLibtorchBackend();
await tf.setBackend('libtorch');
setThreads(2);
const logits = tf.randomUniform([batch, classes], -2, 2);
const labels = tf.randomUniform([batch], 0, classes, 'int32');
const samplesPerClass = longTailCounts({ maxCount: 5000, numClasses: classes, imbalanceFactor: 100 });
const loss = classBalancedLoss({ samplesPerClass, beta: 0.999, type, gamma: 1 });
const lossAndGrad = tf.valueAndGrad((x) => loss(labels, x));
const once = async () => {
  const { value, grad } = lossAndGrad(logits);
  await value.data();
  await grad.data();
  tf.dispose([value, grad]);
};
for (let i = 0; i < 3; i++) await once();
const times = [];
for (let i = 0; i < 10; i++) { const t = performance.now(); await once(); times.push(performance.now() - t); }
times.sort((a, b) => a - b);
const info = await tf.profile(once);
const byName = new Map();
for (const k of info.kernels) {
  const e = byName.get(k.name) ?? { n: 0, ms: 0, shapes: new Set() };
  e.n += 1;
  e.ms += Number(k.kernelTimeMs) || 0;
  e.shapes.add(k.inputShapes.map((s) => `[${s}]`).join(','));
  byName.set(k.name, e);
}
let total = 0;
for (const [, e] of byName) total += e.ms;
console.log(`${type} C=${classes}: min ${times[0].toFixed(1)} median ${times[5].toFixed(1)} ms; profiled kernel sum ${total.toFixed(1)} ms over ${info.kernels.length} calls; fallbacks ${JSON.stringify(fallbackKernelNames())}`);
for (const [name, e] of [...byName].sort((a, b) => b[1].ms - a[1].ms)) console.log(`${name.padEnd(20)} ${String(e.n).padStart(4)} calls ${e.ms.toFixed(2).padStart(8)} ms  ${[...e.shapes].slice(0, 4).join(' | ')}`);
