import { beforeAll, describe, expect, it } from 'vitest';
import {
  classBalancedLoss,
  sigmoidCrossEntropy,
  sigmoidFocalLoss,
  softmaxCrossEntropy,
  softmaxFocalLoss,
} from '../../src/index.js';
import { expectClose } from '../helpers/close.js';
import { BACKENDS, expectNoLeak, tf, useBackend, valueAndGradData } from '../helpers/tf.js';
import { PAPER_TYPES } from '../helpers/paperTypes.js';

const LOGITS = [
  [1.5, -0.3, 0.2, 2.1, -1.7],
  [-0.4, 0.9, 3.2, -2.2, 0.1],
  [0.0, 0.0, 0.0, 0.0, 0.0],
  [4.0, -3.0, 1.0, 0.5, -0.5],
];
const IDS = [3, 1, 4, 0];
const COUNTS = [500, 120, 40, 9, 3];
/** Reads a tensor and disposes it. */
const data = (t: tf.Tensor) => {
  const values = Array.from(t.dataSync());
  t.dispose();
  return values;
};

describe.each(BACKENDS)('identities on the %s backend', (backend) => {
  beforeAll(async () => {
    await useBackend(backend);
  });

  it('beta = 0 gives the unweighted losses with the official reductions', () => {
    expectNoLeak(() => {
      const logits = tf.tensor2d(LOGITS);
      const labels = tf.tensor1d(IDS, 'int32');
      const reference = {
        softmax: softmaxCrossEntropy(labels, logits, { reduction: 'mean' }),
        sigmoid: sigmoidCrossEntropy(labels, logits, { reduction: 'meanOverPositives' }),
        focal: sigmoidFocalLoss(labels, logits, { gamma: 2, reduction: 'meanOverPositives' }),
      };
      for (const type of PAPER_TYPES) {
        const loss = classBalancedLoss({ samplesPerClass: COUNTS, beta: 0, type });
        expect(loss.weights).toEqual([1, 1, 1, 1, 1]);
        const value = loss(labels, logits);
        expectClose(data(value), data(reference[type]), { relTol: 1e-6, what: type });
        value.dispose();
      }
      tf.dispose([logits, labels, ...Object.values(reference)]);
    });
  });

  it('gamma = 0: sigmoid focal equals sigmoid CE and softmax focal equals softmax CE, value and gradient', () => {
    expectNoLeak(() => {
      const logits = tf.tensor2d(LOGITS);
      const labels = tf.tensor1d(IDS, 'int32');
      const options = { classWeights: [0.3, 2, 1, 0.7, 1], reduction: 'sum' } as const;
      const pairs = [
        [(x: tf.Tensor) => sigmoidFocalLoss(labels, x, { ...options, gamma: 0 }), (x: tf.Tensor) => sigmoidCrossEntropy(labels, x, options)],
        [(x: tf.Tensor) => softmaxFocalLoss(labels, x, { ...options, gamma: 0 }), (x: tf.Tensor) => softmaxCrossEntropy(labels, x, options)],
      ] as const;
      for (const [focal, crossEntropy] of pairs) {
        const a = valueAndGradData(focal, logits);
        const b = valueAndGradData(crossEntropy, logits);
        expectClose(a.value, b.value, { relTol: 1e-6, absTol: 1e-7, what: 'value' });
        expectClose(a.grad, b.grad, { relTol: 1e-6, absTol: 1e-7, what: 'grad' });
      }
      tf.dispose([logits, labels]);
    });
  });

  it('softmax losses are invariant to adding a constant to every logit of an example', () => {
    expectNoLeak(() => {
      const logits = tf.tensor2d(LOGITS);
      const shifted = tf.tidy(() => tf.add(logits, tf.tensor2d([[50], [-30], [7], [-100]])));
      const labels = tf.tensor1d(IDS, 'int32');
      const losses = [
        (x: tf.Tensor) => softmaxCrossEntropy(labels, x, { reduction: 'sum' }),
        (x: tf.Tensor) => softmaxFocalLoss(labels, x, { gamma: 0.5, reduction: 'sum' }),
        classBalancedLoss({ samplesPerClass: COUNTS, beta: 0.99, type: 'softmax' }).bind(null, labels),
      ];
      for (const f of losses) {
        const a = valueAndGradData(f, logits);
        const b = valueAndGradData(f, shifted);
        expectClose(b.value, a.value, { relTol: 1e-4, absTol: 1e-4, what: 'value' });
        expectClose(b.grad, a.grad, { relTol: 1e-3, absTol: 1e-5, what: 'grad' });
      }
      tf.dispose([logits, shifted, labels]);
    });
  });

  it('permuting the classes together with their counts changes nothing (gradient permuted)', () => {
    const permutation = [2, 4, 0, 1, 3]; // new class j is old class permutation[j]
    const inverse = permutation.map((_, old) => permutation.indexOf(old));
    expectNoLeak(() => {
      const logits = tf.tensor2d(LOGITS);
      const permutedLogits = tf.tensor2d(LOGITS.map((row) => permutation.map((old) => row[old] as number)));
      const labels = tf.tensor1d(IDS, 'int32');
      const permutedLabels = tf.tensor1d(IDS.map((id) => inverse[id] as number), 'int32');
      for (const type of PAPER_TYPES) {
        const loss = classBalancedLoss({ samplesPerClass: COUNTS, beta: 0.999, type, gamma: 1.5 });
        const permutedLoss = classBalancedLoss({ samplesPerClass: permutation.map((old) => COUNTS[old] as number), beta: 0.999, type, gamma: 1.5 });
        const a = valueAndGradData((x) => loss(labels, x), logits);
        const b = valueAndGradData((x) => permutedLoss(permutedLabels, x), permutedLogits);
        expectClose(b.value, a.value, { relTol: 1e-5, what: `${type} value` });
        const expectedGrad = LOGITS.flatMap((_, i) => permutation.map((old) => a.grad[i * 5 + old] as number));
        expectClose(b.grad, expectedGrad, { relTol: 1e-5, absTol: 1e-7, what: `${type} grad` });
      }
      tf.dispose([logits, permutedLogits, labels, permutedLabels]);
    });
  });

  it('class ids [B], [B, 1], float ids and one-hot labels give the same loss', () => {
    expectNoLeak(() => {
      const logits = tf.tensor2d(LOGITS);
      const variants = [
        tf.tensor1d(IDS, 'int32'),
        tf.tensor2d(IDS.map((i) => [i]), undefined, 'int32'),
        tf.tensor1d(IDS, 'float32'),
        tf.tensor2d(IDS.map((i) => [0, 1, 2, 3, 4].map((c) => (c === i ? 1 : 0)))),
      ];
      for (const type of PAPER_TYPES) {
        const loss = classBalancedLoss({ samplesPerClass: COUNTS, beta: 0.9, type });
        const values = variants.map((labels) => tf.tidy(() => loss(labels, logits).dataSync()[0] as number));
        for (const v of values) expect(v).toBeCloseTo(values[0] as number, 6);
      }
      tf.dispose([logits, ...variants]);
    });
  });

  it('reductions: none is [B], sum adds, mean divides by the non-zero weights, meanOverPositives by the positives, weightedMean by the weights', () => {
    expectNoLeak(() => {
      const logits = tf.tensor2d(LOGITS);
      const labels = tf.tensor1d(IDS, 'int32'); // classes 3, 1, 4, 0
      const classWeights = [1, 0, 2, 0.5, 0]; // examples 1 and 2 get weight 0
      const none = softmaxCrossEntropy(labels, logits, { classWeights });
      expect(none.shape).toEqual([4]);
      const unweighted = data(softmaxCrossEntropy(labels, logits));
      const perExample = data(none);
      expectClose(perExample, [0.5 * (unweighted[0] as number), 0, 0, unweighted[3] as number], { relTol: 1e-6 });
      const total = perExample.reduce((a, b) => a + b, 0);
      const sum = softmaxCrossEntropy(labels, logits, { classWeights, reduction: 'sum' });
      const mean = softmaxCrossEntropy(labels, logits, { classWeights, reduction: 'mean' });
      const positives = softmaxCrossEntropy(labels, logits, { classWeights, reduction: 'meanOverPositives' });
      expect(sum.shape).toEqual([]);
      expectClose(data(sum), total, { relTol: 1e-6 });
      expectClose(data(mean), total / 2, { relTol: 1e-6 });
      expectClose(data(positives), total / 4, { relTol: 1e-6 });
      // weightedMean divides by the sum of the example weights, 0.5 + 0 + 0 + 1
      const weightedMean = softmaxCrossEntropy(labels, logits, { classWeights, reduction: 'weightedMean' });
      expectClose(data(weightedMean), total / 1.5, { relTol: 1e-6 });
      expectClose(data(softmaxCrossEntropy(labels, logits, { reduction: 'weightedMean' })), unweighted.reduce((a, b) => a + b, 0) / 4, { relTol: 1e-6 });
      // all weights zero: 0, not NaN
      const allZero = softmaxCrossEntropy(labels, logits, { classWeights: [0, 0, 0, 0, 0], reduction: 'mean' });
      expect(data(allZero)).toEqual([0]);
      expect(data(softmaxCrossEntropy(labels, logits, { classWeights: [0, 0, 0, 0, 0], reduction: 'weightedMean' }))).toEqual([0]);
      tf.dispose([logits, labels, none, sum, mean, positives, allZero]);
    });
  });

  it("zeroCount 'zero-weight': examples of an absent class weigh 0 and the softmax mean skips them", () => {
    expectNoLeak(() => {
      const logits = tf.tensor2d(LOGITS);
      const labels = tf.tensor1d([0, 1, 1, 2], 'int32'); // class 1 has no training sample
      const loss = classBalancedLoss({ samplesPerClass: [50, 0, 5, 5, 5], beta: 0.9, type: 'softmax', zeroCount: 'zero-weight' });
      expect(loss.weights[1]).toBe(0);
      const ce = data(softmaxCrossEntropy(labels, logits));
      const w = loss.weights;
      const expected = ((w[0] as number) * (ce[0] as number) + (w[2] as number) * (ce[3] as number)) / 2;
      expectClose(data(loss(labels, logits)), expected, { relTol: 1e-5 });
      tf.dispose([logits, labels]);
    });
  });

  it('multi-hot labels: an example gets the mean weight of its positive classes, and 1 with no positive', () => {
    expectNoLeak(() => {
      const logits = tf.tensor2d([
        [0.5, -1, 2],
        [1, 1, -1],
        [0, 3, -2],
      ]);
      const labels = tf.tensor2d([
        [1, 0, 1],
        [0, 1, 0],
        [0, 0, 0],
      ]);
      const classWeights = [0.5, 2, 1.5];
      const weighted = data(sigmoidCrossEntropy(labels, logits, { classWeights }));
      const plain = data(sigmoidCrossEntropy(labels, logits));
      expectClose(weighted, [1 * (plain[0] as number), 2 * (plain[1] as number), 1 * (plain[2] as number)], { relTol: 1e-6 });
      // meanOverPositives divides by the 3 positive labels
      const reduced = data(sigmoidCrossEntropy(labels, logits, { classWeights, reduction: 'meanOverPositives' }));
      expectClose(reduced, weighted.reduce((a, b) => a + b, 0) / 3, { relTol: 1e-6 });
      tf.dispose([logits, labels]);
    });
  });

  it('matches hand-computed values (the TSDoc examples)', () => {
    tf.tidy(() => {
      const ln2 = Math.log(2);
      expectClose(data(softmaxCrossEntropy(tf.tensor1d([0], 'int32'), tf.tensor2d([[2, 0]]))), Math.log1p(Math.exp(-2)), { relTol: 1e-6 });
      expectClose(data(sigmoidCrossEntropy(tf.tensor2d([[1, 0]]), tf.tensor2d([[0, 0]]))), 2 * ln2, { relTol: 1e-6 });
      expectClose(data(sigmoidFocalLoss(tf.tensor2d([[1, 0]]), tf.tensor2d([[0, 0]]), { gamma: 2 })), 2 * 0.25 * ln2, { relTol: 1e-6 });
      expectClose(data(softmaxFocalLoss(tf.tensor1d([0], 'int32'), tf.tensor2d([[0, 0]]), { gamma: 2 })), 0.25 * ln2, { relTol: 1e-6 });
      // focal modulator (1 - p_t)^gamma at p_t = sigmoid(1) for gamma = 0.5
      const p = 1 / (1 + Math.exp(-1));
      const expected = Math.sqrt(1 - p) * -Math.log(p) + Math.sqrt(p) * -Math.log(1 - p);
      expectClose(data(sigmoidFocalLoss(tf.tensor2d([[1, 0]]), tf.tensor2d([[1, 1]]), { gamma: 0.5 })), expected, { relTol: 1e-6 });
    });
  });

  it('classBalancedLoss attaches weights, type, beta and gamma, read-only', () => {
    const loss = classBalancedLoss({ samplesPerClass: [5000, 500, 50], beta: 0.999, type: 'focal', gamma: 1 });
    expect(loss.type).toBe('focal');
    expect(loss.beta).toBe(0.999);
    expect(loss.gamma).toBe(1);
    expect(loss.weights.reduce((a, b) => a + b, 0)).toBeCloseTo(3, 12);
    expect(() => {
      (loss as { beta: number }).beta = 0.5;
    }).toThrow(TypeError);
    expect(classBalancedLoss({ samplesPerClass: [1, 2], beta: 0.9, type: 'softmax' }).gamma).toBeUndefined();
    expect(classBalancedLoss({ samplesPerClass: [1, 2], beta: 0.9, type: 'focal' }).gamma).toBe(2);
  });
});
