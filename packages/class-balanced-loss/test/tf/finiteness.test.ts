import { beforeAll, describe, expect, it } from 'vitest';
import {
  classBalancedLoss,
  sigmoidCrossEntropy,
  sigmoidFocalLoss,
  softmaxCrossEntropy,
  softmaxFocalLoss,
} from '../../src/index.js';
import { expectAllFinite } from '../helpers/close.js';
import { BACKENDS, expectNoLeak, tf, useBackend, valueAndGradData } from '../helpers/tf.js';
import { PAPER_TYPES } from '../helpers/paperTypes.js';

// Extreme but finite logits: saturated sigmoids/softmaxes on both sides, for the true and the other classes.
const EXTREME_LOGITS = [
  [1e4, -1e4, 0, 100],
  [-1e4, 1e4, -100, 0],
  [100, -100, 1e4, -1e4],
  [-100, 100, 88, -88],
  [1e4, 1e4, 1e4, 1e4],
  [-1e4, -1e4, -1e4, -1e4],
];
const IDS = [0, 0, 1, 3, 2, 1]; // true class both at the saturated high and low ends
const GAMMAS = [0.01, 0.1, 0.5, 1, 2, 5];
const BETAS = [0, 0.5, 0.9999, 1];

describe.each(BACKENDS)('no NaN or Infinity for finite logits on the %s backend', (backend) => {
  beforeAll(async () => {
    await useBackend(backend);
  });

  it('per-example losses and their gradients at logits of ±1e4 and ±100, gamma in (0, 5]', () => {
    expectNoLeak(() => {
      const logits = tf.tensor2d(EXTREME_LOGITS);
      const ids = tf.tensor1d(IDS, 'int32');
      // class ids take the gather-based kernels, their one-hot rows the dense ones: both must stay finite
      const oneHot = tf.tidy(() => tf.cast(tf.oneHot(ids, 4), 'float32'));
      const classWeights = [0.1, 1, 2, 0.9];
      for (const [form, labels] of [['ids', ids], ['one-hot', oneHot]] as const) {
        const losses: [string, (x: tf.Tensor) => tf.Tensor][] = [
          ['softmaxCrossEntropy', (x) => softmaxCrossEntropy(labels, x, { classWeights, reduction: 'sum' })],
          ['sigmoidCrossEntropy', (x) => sigmoidCrossEntropy(labels, x, { classWeights, reduction: 'sum' })],
        ];
        for (const gamma of GAMMAS) {
          losses.push([`sigmoidFocalLoss gamma=${gamma}`, (x) => sigmoidFocalLoss(labels, x, { gamma, classWeights, reduction: 'sum' })]);
          losses.push([`softmaxFocalLoss gamma=${gamma}`, (x) => softmaxFocalLoss(labels, x, { gamma, classWeights, reduction: 'sum' })]);
        }
        for (const [name, f] of losses) {
          const { value, grad } = valueAndGradData(f, logits);
          expectAllFinite(value, `${name} ${form} value`);
          expectAllFinite(grad, `${name} ${form} grad`);
          expect(value[0] as number, `${name} ${form}`).toBeGreaterThanOrEqual(0);
        }
      }
      tf.dispose([logits, ids, oneHot]);
    });
  });

  it('classBalancedLoss for every type, beta in [0, 1] and gamma in (0, 5]', () => {
    expectNoLeak(() => {
      const logits = tf.tensor2d(EXTREME_LOGITS);
      const labels = tf.tensor1d(IDS, 'int32');
      for (const type of PAPER_TYPES) {
        for (const beta of BETAS) {
          for (const gamma of type === 'focal' ? GAMMAS : [undefined]) {
            const loss = classBalancedLoss({ samplesPerClass: [1000, 100, 10, 1], beta, type, gamma });
            const { value, grad } = valueAndGradData((x) => loss(labels, x), logits);
            expectAllFinite(value, `${type} beta=${beta} gamma=${gamma} value`);
            expectAllFinite(grad, `${type} beta=${beta} gamma=${gamma} grad`);
          }
        }
      }
      tf.dispose([logits, labels]);
    });
  });

  it('a confidently right example has a loss near 0, a confidently wrong one a loss near the logit gap', () => {
    tf.tidy(() => {
      const right = softmaxCrossEntropy(tf.tensor1d([0], 'int32'), tf.tensor2d([[1e4, -1e4]])).dataSync()[0];
      const wrong = softmaxCrossEntropy(tf.tensor1d([1], 'int32'), tf.tensor2d([[1e4, -1e4]])).dataSync()[0];
      expect(Math.abs(right as number)).toBe(0);
      expect(wrong).toBeCloseTo(2e4, 0);
      const focalRight = sigmoidFocalLoss(tf.tensor2d([[1, 0]]), tf.tensor2d([[100, -100]]), { gamma: 0.5 }).dataSync()[0];
      expect(focalRight).toBeLessThan(1e-20);
    });
  });
});
