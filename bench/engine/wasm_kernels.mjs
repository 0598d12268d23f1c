#!/usr/bin/env node
// Micro-benchmark of the wasm training kernels (registerWasmTrainingKernels) against the kernels of
// @tensorflow/tfjs-backend-wasm 4.22 they replace, in one process (best of --repeats runs, ms):
//
//   node bench/engine/wasm_kernels.mjs [--repeats 5]
//
// Needs `npx tsc -b packages/tfjs-backend-libtorch` first (imports the built dist/).
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';

const i = process.argv.indexOf('--repeats');
const REPEATS = i >= 0 ? Number(process.argv[i + 1]) : 5;
await tf.setBackend('wasm');

async function best(f) {
  let ms = Infinity;
  for (let r = 0; r < REPEATS; r++) {
    const t = performance.now();
    const out = f();
    await out.data();
    ms = Math.min(ms, performance.now() - t);
    out.dispose();
  }
  return ms;
}

const x = tf.randomNormal([128, 14, 14, 32]);
const dy = tf.randomNormal([128, 14, 14, 64]);
const w = tf.randomNormal([3, 3, 32, 64]);
const bn = tf.randomNormal([128, 32, 32, 16]);
const pooled = tf.maxPool(bn, 2, 2, 'valid');
const dPooled = tf.randomNormal(pooled.shape);
const a = tf.randomNormal([128, 3136]);
const g = tf.randomNormal([128, 128]);
const cases = {
  'Conv2DBackpropFilter x=[128,14,14,32] 3x3 32→64': () =>
    tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, { strides: 1, pad: 'same', dataFormat: 'NHWC', filterShape: [3, 3, 32, 64] }),
  'Conv2DBackpropInput x=[128,14,14,32] 3x3 32→64': () =>
    tf.engine().runKernel('Conv2DBackpropInput', { dy, filter: w }, { strides: 1, pad: 'same', dataFormat: 'NHWC', inputShape: [128, 14, 14, 32] }),
  '(forward Conv2D, same shapes)': () => tf.conv2d(x, w, 1, 'same'),
  'MaxPoolGrad [128,32,32,16] 2x2': () => tf.engine().runKernel('MaxPoolGrad', { dy: dPooled, input: bn, output: pooled }, { filterSize: 2, strides: 2, pad: 'valid' }),
  'Tile [1,1,1,16] → [128,32,32,16]': () => tf.tile(tf.ones([1, 1, 1, 16]), [128, 32, 32, 1]),
  'Sum [128,32,32,16] over [0,1,2]': () => tf.sum(bn, [0, 1, 2]),
  'MatMul aᵀ·g [128,3136]ᵀ·[128,128]': () => tf.matMul(a, g, true, false),
};
const before = {};
for (const [name, f] of Object.entries(cases)) {
  try {
    before[name] = await best(f);
  } catch {
    before[name] = undefined; // e.g. Conv2DBackpropFilter: not registered in tfjs-backend-wasm
  }
}
const { registerWasmTrainingKernels } = await import('tfjs-backend-libtorch/wasm-training-kernels');
registerWasmTrainingKernels();
console.log('| kernel | tfjs-backend-wasm 4.22 | with registerWasmTrainingKernels |\n|---|---|---|');
for (const [name, f] of Object.entries(cases)) {
  const old = before[name] === undefined ? 'missing' : `${before[name].toFixed(1)} ms`;
  console.log(`| ${name} | ${old} | ${(await best(f)).toFixed(1)} ms |`);
}
