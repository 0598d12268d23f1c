import { beforeAll, describe, expect, it } from 'vitest';
import {
  classBalancedLoss,
  sigmoidCrossEntropy,
  sigmoidFocalLoss,
  softmaxCrossEntropy,
} from '../../src/index.js';
import { expectClose } from '../helpers/close.js';
import { golden } from '../helpers/golden.js';
import { BACKENDS, expectNoLeak, tf, useBackend, valueAndGradData } from '../helpers/tf.js';
import { PAPER_TYPES } from '../helpers/paperTypes.js';

// Tolerance policy for float32 vs the float64 golden file: 1e-4 relative, 1e-5 absolute near zero.
const TOL = { relTol: 1e-4, absTol: 1e-5 };

describe.each(BACKENDS)('golden values on the %s backend', (backend) => {
  beforeAll(async () => {
    await useBackend(backend);
  });

  it.each(PAPER_TYPES)('classBalancedLoss %s: loss and d loss/d logits match the golden file', (type) => {
    expect(golden.losses.length).toBeGreaterThanOrEqual(20);
    for (const c of golden.losses) {
      const loss = classBalancedLoss({ samplesPerClass: c.counts, beta: c.beta, type, gamma: c.gamma });
      // the fixture's loss cases are rounded to 12 significant digits
      expectClose(loss.weights, c.weights, { relTol: 1e-10, absTol: 0, what: 'weights' });
      const what = `${type} beta=${c.beta} gamma=${c.gamma} C=${c.counts.length}`;
      const logits = tf.tensor2d(c.logits);
      const ids = tf.tensor1d(c.labels, 'int32');
      const oneHot = tf.tidy(() => tf.cast(tf.oneHot(ids, c.counts.length), 'float32'));
      for (const labels of [ids, oneHot]) {
        expectNoLeak(() => {
          const { value, grad } = valueAndGradData((x) => loss(labels, x), logits);
          expect(value.length).toBe(1);
          expectClose(value, c.results[type].loss, { ...TOL, what: `${what} loss` });
          expectClose(grad, c.results[type].grad.flat(), { ...TOL, what: `${what} grad` });
        });
      }
      tf.dispose([logits, ids, oneHot]);
    }
  });

  it('the per-example losses with classWeights and the official reductions give the same values', () => {
    for (const c of golden.losses.slice(0, 9)) {
      const labels = tf.tensor1d(c.labels, 'int32');
      const logits = tf.tensor2d(c.logits);
      const options = { classWeights: c.weights };
      const softmax = softmaxCrossEntropy(labels, logits, { ...options, reduction: 'mean' });
      const sigmoid = sigmoidCrossEntropy(labels, logits, { ...options, reduction: 'meanOverPositives' });
      const focal = sigmoidFocalLoss(labels, logits, { ...options, gamma: c.gamma, reduction: 'meanOverPositives' });
      expectClose(softmax.dataSync(), c.results.softmax.loss, { ...TOL, what: 'softmax' });
      expectClose(sigmoid.dataSync(), c.results.sigmoid.loss, { ...TOL, what: 'sigmoid' });
      expectClose(focal.dataSync(), c.results.focal.loss, { ...TOL, what: 'focal' });
      tf.dispose([labels, logits, softmax, sigmoid, focal]);
    }
  });
});
