// The gather-based kernels for integer class ids (softmaxCrossEntropyOfIds, bceSumOfIds, focalSumOfIds) against
// the dense kernels fed the one-hot rows of the same ids: two different formulations that must agree in value and
// gradient, at ordinary and extreme logits; and what the gather-based path must not do (build a one-hot, touch the
// caller's logits).
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { sigmoidCrossEntropy, sigmoidFocalLoss, softmaxCrossEntropy, type Reduction } from '../../src/index.js';
import { expectAllFinite, expectClose } from '../helpers/close.js';
import { BACKENDS, expectNoLeak, tf, useBackend, valueAndGradData } from '../helpers/tf.js';

const SEED = 9142;
const RUNS = 25;

/** Logits drawn from ordinary values and the saturating extremes of the finiteness tests. */
const logit = fc.oneof(
  fc.float({ min: -8, max: 8, noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(-1e4, -100, -88, -30, 30, 88, 100, 1e4),
);

const problem = fc
  .record({ batch: fc.integer({ min: 1, max: 5 }), numClasses: fc.integer({ min: 2, max: 9 }) })
  .chain(({ batch, numClasses }) =>
    fc.record({
      logits: fc.array(fc.array(logit, { minLength: numClasses, maxLength: numClasses }), { minLength: batch, maxLength: batch }),
      ids: fc.array(fc.integer({ min: 0, max: numClasses - 1 }), { minLength: batch, maxLength: batch }),
      classWeights: fc.option(fc.array(fc.double({ min: 0, max: 3, noNaN: true }), { minLength: numClasses, maxLength: numClasses }), { nil: undefined }),
      reduction: fc.constantFrom<Reduction>('none', 'sum', 'mean', 'meanOverPositives'),
      gamma: fc.constantFrom(0, 0.3, 1, 2.5),
    }),
  );

type LossFn = (labels: tf.Tensor, logits: tf.Tensor) => tf.Tensor;

function lossesOf(classWeights: number[] | undefined, reduction: Reduction, gamma: number): [string, LossFn][] {
  const options = { classWeights, reduction };
  return [
    ['softmaxCrossEntropy', (y, x) => softmaxCrossEntropy(y, x, options)],
    ['sigmoidCrossEntropy', (y, x) => sigmoidCrossEntropy(y, x, options)],
    ['sigmoidFocalLoss', (y, x) => sigmoidFocalLoss(y, x, { ...options, gamma })],
  ];
}

/** Sum of every element: a scalar to differentiate for any reduction. */
const total = (t: tf.Tensor) => tf.sum(t);

describe.each(BACKENDS)('gather-based kernels for class ids on the %s backend', (backend) => {
  beforeAll(async () => {
    await useBackend(backend);
  });

  it(`ids and their one-hot rows give the same values and gradients (fast-check seed ${SEED}, ${RUNS} runs)`, () => {
    fc.assert(
      fc.property(problem, ({ logits, ids, classWeights, reduction, gamma }) => {
        expectNoLeak(() => {
          const x = tf.tensor2d(logits);
          const y = tf.tensor1d(ids, 'int32');
          const oneHot = tf.tidy(() => tf.cast(tf.oneHot(y, logits[0]?.length ?? 0), 'float32'));
          for (const [name, loss] of lossesOf(classWeights, reduction, gamma)) {
            const sparse = valueAndGradData((t) => total(loss(y, t)), x);
            const dense = valueAndGradData((t) => total(loss(oneHot, t)), x);
            const what = `${name} ${reduction} gamma=${gamma}`;
            expectAllFinite(sparse.value, `${what} value`);
            expectAllFinite(sparse.grad, `${what} grad`);
            // values reach 1e4·C (|logit| up to 1e4): float32 rounding of such sums is ~1e-3 absolute
            expectClose(sparse.value, dense.value, { relTol: 1e-5, absTol: 1e-5, what: `${what} value` });
            expectClose(sparse.grad, dense.grad, { relTol: 1e-5, absTol: 1e-6, what: `${what} grad` });
          }
          tf.dispose([x, y, oneHot]);
        });
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('leaves the logits, and tensors sharing their memory, unchanged', () => {
    const values = [
      [2, -1, 0.5],
      [-3, 4, 1e4],
    ];
    const x = tf.tensor2d(values);
    const alias = tf.reshape(x, [6]);
    const y = tf.tensor1d([2, 0], 'int32');
    for (const [name, loss] of lossesOf([1, 2, 0.5], 'mean', 1)) {
      const { grad } = valueAndGradData((t) => loss(y, t), x);
      expectAllFinite(grad, name);
      expect(Array.from(x.dataSync()), name).toEqual(values.flat());
      expect(Array.from(alias.dataSync()), name).toEqual(values.flat());
    }
    tf.dispose([x, alias, y]);
  });

  it('builds no one-hot labels: no OneHot kernel runs, the true classes are gathered', async () => {
    const x = tf.randomNormal([4, 6]);
    const y = tf.tensor1d([5, 0, 3, 3], 'int32');
    for (const [name, loss] of lossesOf([1, 1, 2, 2, 3, 3], 'meanOverPositives', 2)) {
      const profile = await tf.profile(() => {
        const { value, grad } = tf.valueAndGrad((t: tf.Tensor) => total(loss(y, t)))(x);
        return [value, grad];
      });
      const names = profile.kernels.map((k) => k.name);
      expect(names, name).not.toContain('OneHot');
      expect(names, name).toContain('GatherV2');
      tf.dispose(profile.result as tf.Tensor[]);
    }
    tf.dispose([x, y]);
  });
});
