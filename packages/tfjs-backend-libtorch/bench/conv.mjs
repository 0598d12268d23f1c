// Conv forward / input-gradient / filter-gradient at x=[128,14,14,32], 3x3, 32->64, 'same', on the libtorch
// backend (2 threads). Kernels run synchronously, so no read-back is timed. Compare with conv.py (PyTorch, channels_last). Usage: node bench/conv.mjs [backend]
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { registerLibtorchBackend, setThreads } from '../dist/index.js';

const backend = process.argv[2] ?? 'libtorch';
registerLibtorchBackend();
await tf.setBackend(backend);
if (backend === 'libtorch') setThreads(2);
const reps = backend === 'libtorch' ? 30 : 3;
const x = tf.randomNormal([128, 14, 14, 32]);
const w = tf.randomNormal([3, 3, 32, 64]);
const dy = tf.randomNormal([128, 14, 14, 64]);
const median = (a) => a.sort((p, q) => p - q)[Math.floor(a.length / 2)];
function time(name, f) {
  for (let i = 0; i < 3; i++) tf.dispose(f());
  const ms = [];
  for (let i = 0; i < reps; i++) {
    const t = performance.now();
    const r = f();
    ms.push(performance.now() - t);
    tf.dispose(r);
  }
  console.log(`${backend} ${name}: median ${median(ms).toFixed(2)} ms (min ${Math.min(...ms).toFixed(2)})`);
}
time('conv forward', () => tf.conv2d(x, w, 1, 'same'));
time('conv backprop input', () => tf.conv2dTranspose(dy, w, [128, 14, 14, 32], 1, 'same'));
time('conv backprop filter', () => tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, { strides: 1, pad: 'same', dataFormat: 'NHWC', filterShape: [3, 3, 32, 64] }));
