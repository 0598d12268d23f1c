// A tiny MLP without batch norm (5 -> 6 tanh -> 3, softmax cross-entropy), trained by plain SGD for a few steps on
// a fixed batch of 16 examples. With a process group, rank r trains on rows [r·16/W, (r+1)·16/W) and the
// gradients are averaged over ranks (allreduceNamed 'mean'), which equals the gradient of the mean loss over the
// whole batch when the shards are equal; without one, the whole batch is used. Shared by rankWorker.mjs and the bench.
import * as tf from '@tensorflow/tfjs-core';

export const BATCH = 16;
export const STEPS = 5;
export const LEARNING_RATE = 0.5;
const INPUTS = 5;
const HIDDEN = 6;
const CLASSES = 3;

const fill = (n, phase) => Array.from({ length: n }, (_, k) => Math.sin(1.3 * k + phase) * 0.8);

/**
 * Trains and returns the final weights [w1, b1, w2, b2] as plain arrays.
 * @param group - a ProcessGroup, or undefined for one process on the whole batch.
 * @param options.average - false: train on this rank's shard without exchanging gradients (a control).
 */
export async function trainTinyMlp(group, { average = true } = {}) {
  const worldSize = group?.worldSize ?? 1;
  const rank = group?.rank ?? 0;
  const rows = BATCH / worldSize;
  const xAll = tf.tensor2d(fill(BATCH * INPUTS, 0.1), [BATCH, INPUTS]);
  const yAll = tf.oneHot(tf.tensor1d(Array.from({ length: BATCH }, (_, k) => (k * 7) % CLASSES), 'int32'), CLASSES);
  const x = tf.slice(xAll, [rank * rows, 0], [rows, INPUTS]);
  const y = tf.slice(yAll, [rank * rows, 0], [rows, CLASSES]);
  const vars = [
    tf.variable(tf.tensor2d(fill(INPUTS * HIDDEN, 0.7), [INPUTS, HIDDEN])),
    tf.variable(tf.tensor1d(fill(HIDDEN, 1.9).map((v) => v * 0.1))),
    tf.variable(tf.tensor2d(fill(HIDDEN * CLASSES, 2.3), [HIDDEN, CLASSES])),
    tf.variable(tf.tensor1d(fill(CLASSES, 3.1).map((v) => v * 0.1))),
  ];
  const [w1, b1, w2, b2] = vars;
  const loss = () =>
    tf.tidy(() => {
      const logits = tf.add(tf.matMul(tf.tanh(tf.add(tf.matMul(x, w1), b1)), w2), b2);
      return tf.neg(tf.mean(tf.sum(tf.mul(y, tf.logSoftmax(logits)), 1)));
    });
  for (let step = 0; step < STEPS; step++) {
    const { value, grads } = tf.variableGrads(loss, vars);
    value.dispose();
    let named = grads;
    if (group !== undefined && average) {
      named = await group.allreduceNamed(grads, { op: 'mean' });
      tf.dispose(Object.values(grads));
    }
    const g = vars.map((v) => named[v.name]);
    tf.tidy(() => vars.forEach((v, k) => v.assign(tf.sub(v, tf.mul(g[k], LEARNING_RATE)))));
    tf.dispose(g);
  }
  const weights = vars.map((v) => Array.from(v.dataSync()));
  tf.dispose([xAll, yAll, x, y, ...vars]);
  return weights;
}
