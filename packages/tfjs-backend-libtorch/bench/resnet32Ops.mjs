// Median time of single kernels at ResNet-32's three activation shapes (batch 128, 3x3 convs) on the libtorch
// backend, 2 threads: conv forward / input gradient / filter gradient, ReLU, ReLU gradient, add, per-channel mean,
// per-channel multiply. Compare with resnet32Ops.py (PyTorch, channels_last) run with the same OMP_* settings.
// Usage: node bench/resnet32Ops.mjs
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { registerLibtorchBackend, setThreads } from '../dist/index.js';

registerLibtorchBackend();
await tf.setBackend('libtorch');
setThreads(2);
const median = (a) => a.sort((p, q) => p - q)[Math.floor(a.length / 2)];
function time(f, reps = 20) {
  for (let i = 0; i < 3; i++) tf.dispose(f());
  const ms = [];
  for (let i = 0; i < reps; i++) {
    const t = performance.now();
    tf.dispose(f());
    ms.push(performance.now() - t);
  }
  return median(ms).toFixed(2);
}
const kernel = (name, inputs, attrs = {}) => tf.engine().runKernel(name, inputs, attrs);
for (const [hw, c] of [[32, 16], [16, 32], [8, 64]]) {
  const x = tf.randomNormal([128, hw, hw, c]);
  const w = tf.randomNormal([3, 3, c, c]);
  const dy = tf.randomNormal([128, hw, hw, c]);
  const g = tf.randomNormal([1, 1, 1, c]);
  const conv = { strides: [1, 1], pad: 'same', dataFormat: 'NHWC', dilations: [1, 1] };
  const row = {
    fwd: time(() => tf.conv2d(x, w, 1, 'same')),
    bwdIn: time(() => kernel('Conv2DBackpropInput', { dy, filter: w }, { ...conv, inputShape: [128, hw, hw, c] })),
    bwdW: time(() => kernel('Conv2DBackpropFilter', { x, dy }, { ...conv, filterShape: [3, 3, c, c] })),
    relu: time(() => tf.relu(x)),
    reluGrad: time(() => kernel('LibtorchReluGrad', { dy, x })),
    add: time(() => tf.add(x, dy)),
    mean: time(() => tf.mean(x, [0, 1, 2])),
    mul: time(() => tf.mul(x, g)),
  };
  console.log(`${hw}x${hw}x${c}: ${Object.entries(row).map(([k, v]) => `${k} ${v}`).join('  ')} (ms)`);
  tf.dispose([x, w, dy, g]);
}
