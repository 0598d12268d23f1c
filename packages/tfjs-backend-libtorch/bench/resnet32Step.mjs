// ResNet-32 training throughput (bench/engine/models.mjs resnetCifar(5), 32x32x3, batch 128, SGD momentum, 2 warm-up
// + N timed steps, like bench/engine/bench.mjs) of a given build of this package, so that two builds can be timed
// alternately in the same minutes. Usage: node bench/resnet32Step.mjs [distDir=../dist] [steps=10] [threads=2]
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { resnetCifar } from '../../../bench/engine/models.mjs';

const dist = process.argv[2] ? path.resolve(process.argv[2]) : new URL('../dist', import.meta.url).pathname;
const steps = Number(process.argv[3] ?? 10);
const { registerLibtorchBackend, setThreads } = await import(pathToFileURL(path.join(dist, 'index.js')).href);
registerLibtorchBackend();
await tf.setBackend('libtorch');
setThreads(Number(process.argv[4] ?? 2));
const model = resnetCifar(5);
model.compile({ optimizer: tf.train.momentum(0.01, 0.9), loss: 'categoricalCrossentropy' });
const batch = 128;
const x = tf.randomNormal([batch, 32, 32, 3]);
const y = tf.oneHot(tf.randomUniform([batch], 0, 10, 'int32'), 10);
for (let i = 0; i < 2; i++) await model.trainOnBatch(x, y);
const t = performance.now();
for (let i = 0; i < steps; i++) await model.trainOnBatch(x, y);
const seconds = (performance.now() - t) / 1000;
console.log(`${dist}: ${((steps * batch) / seconds).toFixed(1)} img/s (${((seconds * 1000) / steps).toFixed(0)} ms/step)`);
