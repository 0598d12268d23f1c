// Small-CNN training throughput (conv32-pool-conv64-pool-dense128-dense10, 28x28x1, batch 128, SGD momentum)
// with tfjs-layers trainOnBatch. Compare with smallCnn.py. Usage: node bench/smallCnn.mjs [backend] [steps]
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { registerLibtorchBackend, setThreads, fallbackKernelNames } from '../dist/index.js';

const backend = process.argv[2] ?? 'libtorch';
const steps = Number(process.argv[3] ?? 30);
registerLibtorchBackend();
await tf.setBackend(backend);
if (backend === 'libtorch') setThreads(2);
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
const ms = [];
for (let i = 0; i < steps; i++) {
  const t = performance.now();
  await model.trainOnBatch(x, y);
  ms.push(performance.now() - t);
}
ms.sort((a, b) => a - b);
const med = ms[Math.floor(ms.length / 2)] ?? NaN;
console.log(`${backend} small CNN step: median ${med.toFixed(1)} ms (min ${(ms[0] ?? NaN).toFixed(1)}) = ${(128000 / med).toFixed(0)} img/s; fallbacks: ${JSON.stringify(fallbackKernelNames())}`);
