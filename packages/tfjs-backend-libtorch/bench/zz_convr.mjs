import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { registerLibtorchBackend, setThreads } from '/work/main/packages/tfjs-backend-libtorch/dist/index.js';
registerLibtorchBackend(); await tf.setBackend('libtorch'); setThreads(2);
const median = (a) => a.sort((p, q) => p - q)[Math.floor(a.length / 2)];
function time(f, reps = 20) { for (let i = 0; i < 3; i++) tf.dispose(f()); const ms = []; for (let i = 0; i < reps; i++) { const t = performance.now(); tf.dispose(f()); ms.push(performance.now() - t); } return median(ms).toFixed(2); }
for (const [hw, c] of [[32, 16], [16, 32], [8, 64]]) {
  const x = tf.randomNormal([128, hw, hw, c]); const w = tf.randomNormal([3, 3, c, c]); const dy = tf.randomNormal([128, hw, hw, c]);
  const g = tf.randomNormal([1,1,1,c]);
  console.log(`${hw}x${hw}x${c}: fwd ${time(() => tf.conv2d(x, w, 1, 'same'))} bwdIn ${time(() => tf.conv2dTranspose(dy, w, [128, hw, hw, c], 1, 'same'))} bwdW ${time(() => tf.conv2dBackpropFilter ? tf.conv2dBackpropFilter(x, dy, [3,3,c,c], 1, 'same') : tf.engine().runKernel('Conv2DBackpropFilter', {x, dy}, {strides:[1,1], pad:'same', dataFormat:'NHWC', dimRoundingMode: undefined, filterShape:[3,3,c,c]}))} relu ${time(() => tf.relu(x))} reluGrad ${time(() => tf.engine().runKernel('LibtorchReluGrad', {dy, x}, {}))} add ${time(() => tf.add(x, dy))} mean ${time(() => tf.mean(x, [0,1,2]))} mul ${time(() => tf.mul(x, g))}`);
}
{ const a = tf.randomNormal([10]); const b = tf.randomNormal([10]);
  console.log(`tiny add ${time(() => tf.add(a, b), 200)} ms; tiny relu ${time(() => tf.relu(a), 200)}`); }
