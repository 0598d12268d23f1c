import * as tf from '@tensorflow/tfjs-core';
import { registerLibtorchBackend, setThreads } from '../dist/index.js';
registerLibtorchBackend();
await tf.setBackend('libtorch');
const x = tf.randomNormal([128, 28, 28, 32]);
for (const th of [1, 2]) {
  setThreads(th);
  for (const [name, f] of [['step', () => tf.step(x)], ['relu', () => tf.relu(x)], ['mul', () => tf.mul(x, x)], ['copy in', () => tf.tensor(new Float32Array(3211264), [3211264])]]) {
    for (let i = 0; i < 3; i++) tf.dispose(f());
    const ms = [];
    for (let i = 0; i < 20; i++) { const t = performance.now(); tf.dispose(f()); ms.push(performance.now() - t); }
    ms.sort((a, b) => a - b);
    console.log(th, name, ms[10].toFixed(2), 'ms median', ms[0].toFixed(2), 'min');
  }
}
import { fallbackKernelNames } from '../dist/index.js';
console.log(fallbackKernelNames(), tf.getKernel('Step', 'libtorch')?.kernelFunc.toString().slice(0, 200));
