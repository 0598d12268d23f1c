import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  classBalancedLoss,
  sigmoidCrossEntropy,
  sigmoidFocalLoss,
  softmaxCrossEntropy,
} from '../../src/index.js';
import { expectAllFinite, expectClose } from '../helpers/close.js';
import { expectNoLeak, tf, useBackend, valueAndGradData } from '../helpers/tf.js';
import { PAPER_TYPES } from '../helpers/paperTypes.js';

// Seeded so that runs are reproducible; fast-check prints the seed and the counterexample on failure.
const SEED = 1901055;
const RUNS = 40;

/** A random problem: B examples, C classes, logits, integer labels and counts. */
const problem = fc
  .record({ batch: fc.integer({ min: 1, max: 6 }), numClasses: fc.integer({ min: 2, max: 7 }) })
  .chain(({ batch, numClasses }) =>
    fc.record({
      logits: fc.array(fc.array(fc.float({ min: -30, max: 30, noNaN: true, noDefaultInfinity: true }), { minLength: numClasses, maxLength: numClasses }), {
        minLength: batch,
        maxLength: batch,
      }),
      labels: fc.array(fc.integer({ min: 0, max: numClasses - 1 }), { minLength: batch, maxLength: batch }),
      counts: fc.array(fc.integer({ min: 1, max: 100_000 }), { minLength: numClasses, maxLength: numClasses }),
      beta: fc.constantFrom(0, 0.9, 0.99, 0.999, 0.9999, 1),
      gamma: fc.double({ min: 0, max: 5, noNaN: true }),
    }),
  );

describe(`property tests (fast-check seed ${SEED}, ${RUNS} runs, cpu backend)`, () => {
  beforeAll(async () => {
    await useBackend('cpu');
  });

  it('every class-balanced loss is finite, non-negative, with a finite gradient, and leaks no tensor', () => {
    fc.assert(
      fc.property(problem, ({ logits, labels, counts, beta, gamma }) => {
        expectNoLeak(() => {
          const x = tf.tensor2d(logits);
          const y = tf.tensor1d(labels, 'int32');
          for (const type of PAPER_TYPES) {
            const loss = classBalancedLoss({ samplesPerClass: counts, beta, type, gamma });
            const { value, grad } = valueAndGradData((t) => loss(y, t), x);
            expectAllFinite(value, `${type} value`);
            expectAllFinite(grad, `${type} grad`);
            expect(value[0] as number).toBeGreaterThanOrEqual(0);
          }
          tf.dispose([x, y]);
        });
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('focal loss never exceeds the sigmoid cross-entropy (the modulator is at most 1)', () => {
    fc.assert(
      fc.property(problem, ({ logits, labels, gamma }) => {
        tf.tidy(() => {
          const x = tf.tensor2d(logits);
          const y = tf.tensor1d(labels, 'int32');
          const focal = sigmoidFocalLoss(y, x, { gamma }).dataSync();
          const ce = sigmoidCrossEntropy(y, x).dataSync();
          focal.forEach((f, b) => expect(f).toBeLessThanOrEqual((ce[b] as number) * (1 + 1e-6) + 1e-7));
        });
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('softmax CE per example is log-sum-exp minus the true logit (float64 reference)', () => {
    fc.assert(
      fc.property(problem, ({ logits, labels }) => {
        const expected = logits.map((row, b) => {
          const max = Math.max(...row);
          const lse = max + Math.log(row.reduce((s, v) => s + Math.exp(v - max), 0));
          return lse - (row[labels[b] as number] as number);
        });
        const got = tf.tidy(() => Array.from(softmaxCrossEntropy(tf.tensor1d(labels, 'int32'), tf.tensor2d(logits)).dataSync()));
        expectClose(got, expected, { relTol: 1e-4, absTol: 1e-4, what: 'CE' });
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('the class-balanced softmax loss equals Σ w_y·CE / B with the core weights', () => {
    fc.assert(
      fc.property(problem, ({ logits, labels, counts, beta }) => {
        const loss = classBalancedLoss({ samplesPerClass: counts, beta, type: 'softmax' });
        const got = tf.tidy(() => loss(tf.tensor1d(labels, 'int32'), tf.tensor2d(logits)).dataSync()[0] as number);
        const ce = tf.tidy(() => Array.from(softmaxCrossEntropy(tf.tensor1d(labels, 'int32'), tf.tensor2d(logits)).dataSync()));
        const expected = ce.reduce((s, v, b) => s + (loss.weights[labels[b] as number] as number) * v, 0) / labels.length;
        expectClose(got, expected, { relTol: 1e-4, absTol: 1e-5 });
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });
});
