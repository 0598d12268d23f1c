import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { createLoss, METHOD_NAMES } from '../../src/index.js';
import { expectAllFinite, expectClose } from '../helpers/close.js';
import { expectNoLeak, tf, useBackend, valueAndGradData } from '../helpers/tf.js';

// Every registered method, the ones added later included. Seeded; fast-check prints the seed and the counterexample.
const SEED = 1906074;
const RUNS = 25;

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
      beta: fc.constantFrom(0, 0.9, 0.999, 0.9999, 1),
      permutationSeed: fc.integer({ min: 0, max: 1000 }),
    }),
  );

/** A permutation of 0..n−1 from a seed (a small LCG shuffle: reproducible, no dependency). */
function permutation(n: number, seed: number): number[] {
  const p = Array.from({ length: n }, (_, i) => i);
  let state = seed + 1;
  for (let i = n - 1; i > 0; i--) {
    state = (state * 1103515245 + 12345) % 2147483648;
    const j = state % (i + 1);
    [p[i], p[j]] = [p[j] as number, p[i] as number];
  }
  return p;
}

describe(`every registered method (fast-check seed ${SEED}, ${RUNS} runs, cpu backend)`, () => {
  beforeAll(async () => {
    await useBackend('cpu');
  });

  it('at its defaults: finite, non-negative, a finite gradient, no leak; permuting classes with their counts permutes the gradient', () => {
    fc.assert(
      fc.property(problem, ({ logits, labels, counts, beta, permutationSeed }) => {
        const numClasses = counts.length;
        const perm = permutation(numClasses, permutationSeed); // new class j is old class perm[j]
        const inverse = perm.map((_, old) => perm.indexOf(old));
        expectNoLeak(() => {
          const x = tf.tensor2d(logits);
          const y = tf.tensor1d(labels, 'int32');
          const xPermuted = tf.tensor2d(logits.map((row) => perm.map((old) => row[old] as number)));
          const yPermuted = tf.tensor1d(labels.map((id) => inverse[id] as number), 'int32');
          for (const name of METHOD_NAMES) {
            const loss = createLoss(name, { samplesPerClass: counts, beta });
            const a = valueAndGradData((t) => loss(y, t), x);
            expectAllFinite(a.value, `${name} value`);
            expectAllFinite(a.grad, `${name} grad`);
            expect(a.value[0] as number).toBeGreaterThanOrEqual(0);
            const permutedLoss = createLoss(name, { samplesPerClass: perm.map((old) => counts[old] as number), beta });
            const b = valueAndGradData((t) => permutedLoss(yPermuted, t), xPermuted);
            expectClose(b.value, a.value, { relTol: 1e-4, absTol: 1e-4, what: `${name} permuted value` });
            const expectedGrad = logits.flatMap((_, i) => perm.map((old) => a.grad[i * numClasses + old] as number));
            expectClose(b.grad, expectedGrad, { relTol: 1e-3, absTol: 1e-4, what: `${name} permuted grad` });
          }
          tf.dispose([x, y, xPermuted, yPermuted]);
        });
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });
});
