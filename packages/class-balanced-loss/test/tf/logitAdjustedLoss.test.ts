import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  CbLossError,
  classBalancedWeights,
  createLoss,
  logitAdjustedLoss,
  logPriors,
  posthocLogitAdjustment,
  posthocLogitAdjustmentRows,
  resolveMethod,
  softmaxCrossEntropy,
} from '../../src/index.js';
import { expectAllFinite, expectClose } from '../helpers/close.js';
import { finiteDifferences } from '../helpers/finiteDifferences.js';
import { BACKENDS, expectNoLeak, tf, useBackend, valueAndGradData } from '../helpers/tf.js';

/** Float64 values from test/fixtures/logit_adjusted_reference.py (formulas and the cross-check with the official code there). */
interface LogitAdjustedCase {
  counts: number[];
  beta: number;
  tau: number;
  logits: number[][];
  labels: number[];
  logPriors: number[];
  weights: number[];
  loss: number;
  grad: number[][];
  posthoc: number[][];
}
const golden = JSON.parse(readFileSync(fileURLToPath(new URL('../fixtures/logit_adjusted_golden.json', import.meta.url)), 'utf8')) as {
  cases: LogitAdjustedCase[];
};
const TOL = { relTol: 1e-4, absTol: 1e-5 };

const LOGITS = [
  [0.8, -0.4, 1.3, 0.1],
  [-1.2, 0.5, 0.0, 2.2],
  [0.3, 0.3, -0.9, -0.2],
];
const IDS = [2, 3, 0];
const COUNTS = [300, 60, 12, 4];

describe('logPriors and posthocLogitAdjustmentRows (float64 core)', () => {
  it('match the reference script', () => {
    for (const c of golden.cases) {
      expectClose(logPriors(c.counts), c.logPriors, { relTol: 1e-14, absTol: 1e-15, what: 'logPriors' });
      const adjusted = posthocLogitAdjustmentRows(c.logits.flat(), c.counts, c.tau);
      expect(adjusted).toBeInstanceOf(Float32Array);
      expectClose(adjusted, c.posthoc.flat(), { relTol: 1e-6, absTol: 1e-6, what: 'posthoc' });
    }
  });

  it('priors sum to 1, do not depend on the scale of the counts, and τ = 0 changes nothing', () => {
    expect(logPriors([3, 1])).toEqual([Math.log(3) - Math.log(4), Math.log(1) - Math.log(4)]);
    expect(logPriors([7, 7, 7, 7])).toEqual([-Math.log(4), -Math.log(4), -Math.log(4), -Math.log(4)]);
    expectClose(logPriors(COUNTS).reduce((s, v) => s + Math.exp(v), 0), 1, { relTol: 1e-15, absTol: 0 });
    expectClose(logPriors(COUNTS.map((n) => n * 1000)), logPriors(COUNTS), { relTol: 1e-13, absTol: 1e-15 });
    expect(Array.from(posthocLogitAdjustmentRows([1.5, -2, 0.25, 4], [9, 1], 0))).toEqual([1.5, -2, 0.25, 4]);
    expectClose(posthocLogitAdjustmentRows([0, 0, 1, 2], [3, 1], 1), [0.2876821, 1.3862944, 1.2876821, 3.3862944], { relTol: 1e-7, absTol: 0 });
  });

  it('reject zero counts, a non-finite τ and a length that is not a multiple of C', () => {
    expect(() => logPriors([3, 0])).toThrow("logPriors: 'samplesPerClass[1]' must be > 0 (its prior is 0 and log 0 = -Infinity); got 0.");
    expect(() => posthocLogitAdjustmentRows([0, 0, 0], [3, 1], 1)).toThrow(
      "posthocLogitAdjustmentRows: 'logits' must have a length that is a multiple of the number of classes (2); got 3.",
    );
    expect(() => posthocLogitAdjustmentRows([0, 0], [3, 1], NaN)).toThrow("posthocLogitAdjustmentRows: 'tau' must be a finite number; got NaN.");
    expect(() => posthocLogitAdjustmentRows([0, 0], [3, -1], 1)).toThrow("posthocLogitAdjustmentRows: 'samplesPerClass[1]' must be a non-negative integer; got -1.");
    expect(() => posthocLogitAdjustmentRows(5 as never, [3, 1], 1)).toThrow(CbLossError);
  });
});

describe.each(BACKENDS)('logit adjustment on the %s backend', (backend) => {
  beforeAll(async () => {
    await useBackend(backend);
  });

  it("createLoss('logit-adjusted') and 'balanced-softmax' (τ = 1) match the float64 golden values, value and gradient", () => {
    for (const c of golden.cases) {
      const what = `C=${c.counts.length} beta=${c.beta} tau=${c.tau}`;
      const losses = [createLoss('logit-adjusted', { samplesPerClass: c.counts, beta: c.beta, tau: c.tau })];
      if (c.tau === 1) losses.push(createLoss('balanced-softmax', { samplesPerClass: c.counts, beta: c.beta }));
      const logits = tf.tensor2d(c.logits);
      const labels = tf.tensor1d(c.labels, 'int32');
      for (const loss of losses) {
        expectClose(loss.classWeights, c.weights, { relTol: 1e-12, absTol: 0, what: `${what} weights` });
        expectNoLeak(() => {
          const { value, grad } = valueAndGradData((x) => loss(labels, x), logits);
          expectClose(value, c.loss, { ...TOL, what: `${loss.method} ${what} loss` });
          expectClose(grad, c.grad.flat(), { ...TOL, what: `${loss.method} ${what} grad` });
        });
      }
      expectNoLeak(() => {
        const adjusted = posthocLogitAdjustment(logits, c.counts, c.tau);
        expect(adjusted.shape).toEqual(logits.shape);
        expectClose(adjusted.dataSync(), c.posthoc.flat(), { relTol: 1e-6, absTol: 1e-5, what: `${what} posthoc` });
        adjusted.dispose();
      });
      tf.dispose([logits, labels]);
    }
  });

  it('balanced-softmax is logit-adjusted at τ = 1, exactly, weighted or not', () => {
    tf.tidy(() => {
      const labels = tf.tensor1d(IDS, 'int32');
      const logits = tf.tensor2d(LOGITS);
      for (const beta of [0, 0.999]) {
        const a = createLoss('balanced-softmax', { samplesPerClass: COUNTS, beta })(labels, logits).dataSync()[0];
        const b = createLoss('logit-adjusted', { samplesPerClass: COUNTS, beta, tau: 1 })(labels, logits).dataSync()[0];
        expect(a).toBe(b);
      }
    });
  });

  it('gradients agree with central finite differences (ids and soft labels, weighted)', () => {
    expectNoLeak(() => {
      const logits = tf.tensor2d(LOGITS);
      const ids = tf.tensor1d(IDS, 'int32');
      const soft = tf.tensor2d([
        [0, 0.2, 0.8, 0],
        [0, 0, 0, 1],
        [0.5, 0, 0, 0.5],
      ]);
      const classWeights = classBalancedWeights(COUNTS, 0.99);
      for (const labels of [ids, soft]) {
        for (const tau of [0.5, 2]) {
          const f = (x: tf.Tensor) => logitAdjustedLoss(labels, x, { samplesPerClass: COUNTS, tau, classWeights, reduction: 'weightedMean' });
          const { grad } = valueAndGradData(f, logits);
          expectClose(grad, finiteDifferences(f, LOGITS), { relTol: 2e-3, absTol: 2e-4, what: `tau=${tau} rank ${labels.rank}` });
        }
      }
      tf.dispose([logits, ids, soft]);
    });
  });

  it('τ = 0 gives softmax cross-entropy (value and gradient); the loss is CE of the logits post-hoc adjusted by −τ', () => {
    expectNoLeak(() => {
      const logits = tf.tensor2d(LOGITS);
      const labels = tf.tensor1d(IDS, 'int32');
      const options = { classWeights: [0.5, 2, 1, 1.5], reduction: 'sum' } as const;
      const a = valueAndGradData((x) => logitAdjustedLoss(labels, x, { ...options, samplesPerClass: COUNTS, tau: 0 }), logits);
      const b = valueAndGradData((x) => softmaxCrossEntropy(labels, x, options), logits);
      expectClose(a.value, b.value, { relTol: 1e-6, absTol: 1e-7, what: 'value' });
      expectClose(a.grad, b.grad, { relTol: 1e-6, absTol: 1e-7, what: 'grad' });
      for (const tau of [0.5, 1, 3]) {
        const adjusted = valueAndGradData((x) => logitAdjustedLoss(labels, x, { ...options, samplesPerClass: COUNTS, tau }), logits);
        const viaPosthoc = valueAndGradData((x) => softmaxCrossEntropy(labels, posthocLogitAdjustment(x, COUNTS, -tau), options), logits);
        expectClose(adjusted.value, viaPosthoc.value, { relTol: 1e-6, what: `tau=${tau} value` });
        expectClose(adjusted.grad, viaPosthoc.grad, { relTol: 1e-5, absTol: 1e-7, what: `tau=${tau} grad` });
      }
      tf.dispose([logits, labels]);
    });
  });

  it('scaling every count by a constant, or shifting every logit of an example, changes nothing', () => {
    expectNoLeak(() => {
      const logits = tf.tensor2d(LOGITS);
      const shifted = tf.tidy(() => tf.add(logits, tf.tensor2d([[5], [-3], [0.5]])));
      const labels = tf.tensor1d(IDS, 'int32');
      const f = (counts: number[]) => (x: tf.Tensor) => logitAdjustedLoss(labels, x, { samplesPerClass: counts, tau: 1.5, reduction: 'mean' });
      const a = valueAndGradData(f(COUNTS), logits);
      const b = valueAndGradData(f(COUNTS.map((n) => n * 17)), logits);
      const c = valueAndGradData(f(COUNTS), shifted);
      expectClose(b.value, a.value, { relTol: 1e-6, what: 'scaled counts' });
      expectClose(b.grad, a.grad, { relTol: 1e-5, absTol: 1e-7, what: 'scaled counts grad' });
      expectClose(c.value, a.value, { relTol: 1e-4, absTol: 1e-4, what: 'shifted logits' });
      expectClose(c.grad, a.grad, { relTol: 1e-3, absTol: 1e-5, what: 'shifted logits grad' });
      // a rare true class costs more than a frequent one at equal logits (its prior is smaller)
      tf.tidy(() => {
        const x = tf.tensor2d([[0, 0, 0, 0]]);
        const rare = logitAdjustedLoss(tf.tensor1d([3], 'int32'), x, { samplesPerClass: COUNTS }).dataSync()[0] as number;
        const head = logitAdjustedLoss(tf.tensor1d([0], 'int32'), x, { samplesPerClass: COUNTS }).dataSync()[0] as number;
        expect(rare).toBeGreaterThan(head);
      });
      tf.dispose([logits, shifted, labels]);
    });
  });

  it('is finite with a finite gradient at logits of ±100 and ±1e4', () => {
    expectNoLeak(() => {
      const logits = tf.tensor2d([
        [1e4, -1e4, 0, 100],
        [-1e4, 1e4, -100, 0],
        [1e4, 1e4, 1e4, 1e4],
        [-100, 100, 88, -88],
      ]);
      const labels = tf.tensor1d([0, 0, 3, 1], 'int32');
      for (const name of ['logit-adjusted', 'balanced-softmax'] as const) {
        const loss = createLoss(name, { samplesPerClass: [100000, 1000, 10, 1], beta: 0.9999 });
        const { value, grad } = valueAndGradData((x) => loss(labels, x), logits);
        expectAllFinite(value, `${name} value`);
        expectAllFinite(grad, `${name} grad`);
      }
      tf.dispose([logits, labels]);
    });
  });

  it('bad inputs throw CbLossError naming the function called', () => {
    tf.tidy(() => {
      const labels = tf.tensor1d([0], 'int32');
      const logits = tf.tensor2d([[0, 0, 0, 0]]);
      expect(() => logitAdjustedLoss(labels, logits, { samplesPerClass: [3, 0, 1, 1] })).toThrow(
        "logitAdjustedLoss: 'samplesPerClass[1]' must be > 0 (its prior is 0 and log 0 = -Infinity); got 0.",
      );
      expect(() => logitAdjustedLoss(labels, logits, { samplesPerClass: COUNTS, tau: -1 })).toThrow("logitAdjustedLoss: 'tau' must be a finite number >= 0; got -1.");
      expect(() => logitAdjustedLoss(labels, logits, { samplesPerClass: COUNTS, tau: Infinity })).toThrow("logitAdjustedLoss: 'tau' must be a finite number; got Infinity.");
      expect(() => logitAdjustedLoss(labels, logits, { samplesPerClass: [1, 2] })).toThrow(
        "logitAdjustedLoss: 'samplesPerClass' must have one count per class of 'logits' [1, 4]; got 2.",
      );
      expect(() => logitAdjustedLoss(labels, logits, null as never)).toThrow("logitAdjustedLoss: 'options' must be an object; got null.");
      expect(() => posthocLogitAdjustment(logits, [1, 2], 1)).toThrow("posthocLogitAdjustment: 'samplesPerClass' must have one count per class of 'logits' [1, 4]; got 2.");
      expect(() => posthocLogitAdjustment(tf.tensor1d([0, 0]), [1, 2], 1)).toThrow("posthocLogitAdjustment: 'logits' must have rank 2 [N, C]; got shape [2].");
      expect(() => posthocLogitAdjustment(logits, COUNTS, NaN)).toThrow("posthocLogitAdjustment: 'tau' must be a finite number; got NaN.");
      expect(() => posthocLogitAdjustment([[0]] as never, COUNTS, 1)).toThrow("posthocLogitAdjustment: 'logits' must be a tf.Tensor; got 'object'.");
    });
    expect(() => createLoss('balanced-softmax', { samplesPerClass: [3, 0, 1], zeroCount: 'zero-weight' })).toThrow(
      "createLoss: 'samplesPerClass[1]' must be > 0 ('balanced-softmax' reads the counts themselves: every class needs samples); got 0.",
    );
    expect(() => createLoss('logit-adjusted', { samplesPerClass: COUNTS, tau: -0.5 })).toThrow("createLoss: 'tau' must be a finite number >= 0; got -0.5.");
    expect(() => createLoss('balanced-softmax', { samplesPerClass: COUNTS, tau: 1 })).toThrow(/option 'tau' is not an option of 'balanced-softmax'/);
    expect(() => createLoss('logit-adjusted', { samplesPerClass: COUNTS, tua: 1 })).toThrow(/did you mean 'tau'\?/);
  });

  it('the registry entries', () => {
    const adjusted = resolveMethod('logit-adjusted');
    expect(adjusted.parameters.map((p) => [p.name, p.default])).toEqual([['tau', 1]]);
    const balanced = resolveMethod('balanced-softmax');
    expect(balanced.parameters).toEqual([]);
    for (const method of [adjusted, balanced]) {
      expect(method.reduction).toBe('weightedMean');
      expect(method.finalBias).toBe('zero');
      expect(method.classInputs).toBe('counts');
      expect(method.classifier).toBeUndefined();
    }
  });
});
