// Small-CNN training throughput (conv32-pool-conv64-pool-dense128-dense10, 28x28x1, batch 128, SGD momentum)
// with tfjs-layers trainOnBatch. Compare with smallCnn.py. Usage: node bench/smallCnn.mjs [backend] [steps]
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { warmSmallCnn } from './smallCnnModel.mjs';
import { registerLibtorchBackend, setThreads, fallbackKernelNames } from '../dist/index.js';

const backend = process.argv[2] ?? 'libtorch';
const steps = Number(process.argv[3] ?? 30);
registerLibtorchBackend();
await tf.setBackend(backend);
if (backend === 'libtorch') setThreads(2);
const { model, x, y } = await warmSmallCnn();
const ms = [];
for (let i = 0; i < steps; i++) {
  const t = performance.now();
  await model.trainOnBatch(x, y);
  ms.push(performance.now() - t);
}
ms.sort((a, b) => a - b);
const med = ms[Math.floor(ms.length / 2)] ?? NaN;
console.log(`${backend} small CNN step: median ${med.toFixed(1)} ms (min ${(ms[0] ?? NaN).toFixed(1)}) = ${(128000 / med).toFixed(0)} img/s; fallbacks: ${JSON.stringify(fallbackKernelNames())}`);
