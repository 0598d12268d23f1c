import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  CbLossError,
  classBalancedWeights,
  cosineLogits,
  createLoss,
  ldamLoss,
  ldamMargins,
  resolveMethod,
  softmaxCrossEntropy,
} from '../../src/index.js';
import { expectAllFinite, expectClose } from '../helpers/close.js';
import { finiteDifferences } from '../helpers/finiteDifferences.js';
import { BACKENDS, expectNoLeak, tf, useBackend, valueAndGradData } from '../helpers/tf.js';

/** Float64 values from test/fixtures/ldam_reference.py (formulas and the cross-check with the official code there). */
interface LdamCase {
  counts: number[];
  beta: number;
  maxMargin: number;
  scale: number;
  logits: number[][];
  labels: number[];
  margins: number[];
  weights: number[];
  loss: number;
  grad: number[][];
}
const golden = JSON.parse(readFileSync(fileURLToPath(new URL('../fixtures/ldam_golden.json', import.meta.url)), 'utf8')) as { cases: LdamCase[] };
const TOL = { relTol: 1e-4, absTol: 1e-5 };

const LOGITS = [
  [0.8, -0.4, 1.3, 0.1],
  [-1.2, 0.5, 0.0, 2.2],
  [0.3, 0.3, -0.9, -0.2],
];
const IDS = [2, 3, 0];
const COUNTS = [300, 60, 12, 4];

describe('ldamMargins (float64 core)', () => {
  it('match the reference script and the paper: Δ_j ∝ n_j^(-1/4), the largest equal to maxMargin', () => {
    for (const c of golden.cases) expectClose(ldamMargins(c.counts, c.maxMargin), c.margins, { relTol: 1e-14, absTol: 0, what: 'margins' });
    const m = ldamMargins([1600, 100, 1]);
    expect(m[2]).toBe(0.5);
    expectClose(m, [0.5 / Math.sqrt(Math.sqrt(1600)), 0.5 / Math.sqrt(Math.sqrt(100)), 0.5], { relTol: 1e-15, absTol: 0 });
    // 16 times the samples: half the margin; equal counts: equal margins; maxMargin 0: none
    expectClose(ldamMargins([16, 1], 0.3), [0.15, 0.3], { relTol: 1e-15, absTol: 0 });
    expect(ldamMargins([7, 7, 7])).toEqual([0.5, 0.5, 0.5]);
    expect(ldamMargins([9, 2], 0)).toEqual([0, 0]);
  });

  it('reject zero counts and bad maxMargin', () => {
    expect(() => ldamMargins([3, 0])).toThrow(
      "ldamMargins: 'samplesPerClass[1]' must be > 0 (LDAM's margin n^(-1/4) is infinite for a class without samples); got 0.",
    );
    expect(() => ldamMargins([3, 1], -0.1)).toThrow("ldamMargins: 'maxMargin' must be a finite number >= 0; got -0.1.");
    expect(() => ldamMargins([3, 1.5])).toThrow("ldamMargins: 'samplesPerClass[1]' must be a non-negative integer; got 1.5.");
    expect(() => ldamMargins([])).toThrow(CbLossError);
  });
});

describe.each(BACKENDS)('LDAM on the %s backend', (backend) => {
  beforeAll(async () => {
    await useBackend(backend);
  });

  it("createLoss('ldam') (and DRW's weights) match the float64 golden values, value and gradient", () => {
    expect(golden.cases.length).toBeGreaterThanOrEqual(8);
    for (const c of golden.cases) {
      const what = `C=${c.counts.length} beta=${c.beta} maxMargin=${c.maxMargin} s=${c.scale}`;
      const loss = createLoss('ldam', { samplesPerClass: c.counts, beta: c.beta, maxMargin: c.maxMargin, scale: c.scale });
      expectClose(loss.classWeights, c.weights, { relTol: 1e-12, absTol: 0, what: `${what} weights` });
      const logits = tf.tensor2d(c.logits);
      const labels = tf.tensor1d(c.labels, 'int32');
      expectNoLeak(() => {
        const { value, grad } = valueAndGradData((x) => loss(labels, x), logits);
        expectClose(value, c.loss, { ...TOL, what: `${what} loss` });
        expectClose(grad, c.grad.flat(), { ...TOL, what: `${what} grad` });
        // the per-example function with the weights and the official reduction gives the same
        const direct = valueAndGradData(
          (x) => ldamLoss(labels, x, { samplesPerClass: c.counts, maxMargin: c.maxMargin, scale: c.scale, classWeights: c.weights, reduction: 'weightedMean' }),
          logits,
        );
        expectClose(direct.value, c.loss, { ...TOL, what: `${what} ldamLoss` });
      });
      tf.dispose([logits, labels]);
    }
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
        for (const scale of [1, 4]) {
          for (const reduction of ['weightedMean', 'sum'] as const) {
            const f = (x: tf.Tensor) => ldamLoss(labels, x, { samplesPerClass: COUNTS, scale, classWeights, reduction });
            const { grad } = valueAndGradData(f, logits);
            expectClose(grad, finiteDifferences(f, LOGITS), { relTol: 2e-3, absTol: 2e-4, what: `s=${scale} ${reduction} rank ${labels.rank}` });
          }
        }
      }
      tf.dispose([logits, ids, soft]);
    });
  });

  it('maxMargin 0 and s = 1 give softmax cross-entropy, value and gradient; maxMargin 0 and s give CE of s·x', () => {
    expectNoLeak(() => {
      const logits = tf.tensor2d(LOGITS);
      const labels = tf.tensor1d(IDS, 'int32');
      const options = { classWeights: [0.5, 2, 1, 1.5], reduction: 'sum' } as const;
      const a = valueAndGradData((x) => ldamLoss(labels, x, { ...options, samplesPerClass: COUNTS, maxMargin: 0, scale: 1 }), logits);
      const b = valueAndGradData((x) => softmaxCrossEntropy(labels, x, options), logits);
      expectClose(a.value, b.value, { relTol: 1e-6, absTol: 1e-7, what: 'value' });
      expectClose(a.grad, b.grad, { relTol: 1e-6, absTol: 1e-7, what: 'grad' });
      const scaled = valueAndGradData((x) => ldamLoss(labels, x, { ...options, samplesPerClass: COUNTS, maxMargin: 0, scale: 7 }), logits);
      const reference = valueAndGradData((x) => softmaxCrossEntropy(labels, tf.mul(7, x), options), logits);
      expectClose(scaled.value, reference.value, { relTol: 1e-5, what: 'scaled value' });
      expectClose(scaled.grad, reference.grad, { relTol: 1e-5, absTol: 1e-6, what: 'scaled grad' });
      tf.dispose([logits, labels]);
    });
  });

  it('the margin is the true-class logit shifted by Δ_y: LDAM(x) = CE(s·(x − Δ_y·onehot))', () => {
    expectNoLeak(() => {
      const margins = ldamMargins(COUNTS, 0.5);
      const shifted = LOGITS.map((row, b) => row.map((v, c) => 30 * (c === IDS[b] ? v - (margins[c] as number) : v)));
      tf.tidy(() => {
        const labels = tf.tensor1d(IDS, 'int32');
        const ldam = ldamLoss(labels, tf.tensor2d(LOGITS), { samplesPerClass: COUNTS });
        const ce = softmaxCrossEntropy(labels, tf.tensor2d(shifted));
        expect(ldam.shape).toEqual([3]);
        expectClose(ldam.dataSync(), ce.dataSync(), { relTol: 1e-5 });
        // a rarer true class has a larger margin: the same logits cost more
        const rare = ldamLoss(tf.tensor1d([3], 'int32'), tf.tensor2d([[0, 0, 0, 0]]), { samplesPerClass: COUNTS }).dataSync()[0] as number;
        const head = ldamLoss(tf.tensor1d([0], 'int32'), tf.tensor2d([[0, 0, 0, 0]]), { samplesPerClass: COUNTS }).dataSync()[0] as number;
        expect(rare).toBeGreaterThan(head);
      });
    });
  });

  it('is invariant to adding a constant to every logit of an example; unweighted weightedMean is the mean', () => {
    expectNoLeak(() => {
      const logits = tf.tensor2d(LOGITS);
      const shiftedLogits = tf.tidy(() => tf.add(logits, tf.tensor2d([[5], [-3], [0.5]])));
      const labels = tf.tensor1d(IDS, 'int32');
      const f = (x: tf.Tensor) => ldamLoss(labels, x, { samplesPerClass: COUNTS, reduction: 'weightedMean' });
      const a = valueAndGradData(f, logits);
      const b = valueAndGradData(f, shiftedLogits);
      expectClose(b.value, a.value, { relTol: 1e-4, absTol: 1e-4, what: 'value' });
      expectClose(b.grad, a.grad, { relTol: 1e-3, absTol: 1e-5, what: 'grad' });
      const mean = valueAndGradData((x) => ldamLoss(labels, x, { samplesPerClass: COUNTS, reduction: 'mean' }), logits);
      expectClose(mean.value, a.value, { relTol: 1e-6 });
      tf.dispose([logits, shiftedLogits, labels]);
    });
  });

  it('is finite with a finite gradient at logits of ±100 and ±1e4', () => {
    expectNoLeak(() => {
      const extreme = [
        [1e4, -1e4, 0, 100],
        [-1e4, 1e4, -100, 0],
        [1e4, 1e4, 1e4, 1e4],
        [-100, 100, 88, -88],
      ];
      const logits = tf.tensor2d(extreme);
      const labels = tf.tensor1d([0, 0, 3, 1], 'int32');
      for (const scale of [1, 30]) {
        const loss = createLoss('ldam', { samplesPerClass: COUNTS, beta: 0.9999, scale });
        const { value, grad } = valueAndGradData((x) => loss(labels, x), logits);
        expectAllFinite(value, `s=${scale} value`);
        expectAllFinite(grad, `s=${scale} grad`);
      }
      tf.dispose([logits, labels]);
    });
  });

  it('bad inputs throw CbLossError naming the function called', () => {
    tf.tidy(() => {
      const labels = tf.tensor1d([0], 'int32');
      const logits = tf.tensor2d([[0, 0, 0, 0]]);
      expect(() => ldamLoss(labels, logits, { samplesPerClass: [3, 0, 1, 1] })).toThrow(
        "ldamLoss: 'samplesPerClass[1]' must be > 0 (LDAM's margin n^(-1/4) is infinite for a class without samples); got 0.",
      );
      expect(() => ldamLoss(labels, logits, { samplesPerClass: COUNTS, scale: 0 })).toThrow("ldamLoss: 'scale' must be a finite number > 0; got 0.");
      expect(() => ldamLoss(labels, logits, { samplesPerClass: COUNTS, scale: NaN })).toThrow("ldamLoss: 'scale' must be a finite number > 0; got NaN.");
      expect(() => ldamLoss(labels, logits, { samplesPerClass: COUNTS, maxMargin: -1 })).toThrow("ldamLoss: 'maxMargin' must be a finite number >= 0; got -1.");
      expect(() => ldamLoss(labels, logits, { samplesPerClass: [1, 2, 3] })).toThrow(
        "ldamLoss: 'samplesPerClass' must have one count per class of 'logits' [1, 4]; got 3.",
      );
      expect(() => ldamLoss(labels, logits, undefined as never)).toThrow("ldamLoss: 'options' must be an object; got undefined.");
      expect(() => ldamLoss(tf.tensor1d([4], 'int32'), logits, { samplesPerClass: COUNTS })).toThrow("ldamLoss: 'labels[0]' must be an integer class id in [0, 3]; got 4.");
    });
    expect(() => createLoss('ldam', { samplesPerClass: [3, 0, 1], zeroCount: 'zero-weight' })).toThrow(
      "createLoss: 'samplesPerClass[1]' must be > 0 ('ldam' reads the counts themselves: every class needs samples); got 0.",
    );
    expect(() => createLoss('ldam', { samplesPerClass: COUNTS, scale: -2 })).toThrow("createLoss: 'scale' must be a finite number > 0; got -2.");
    expect(() => createLoss('ldam', { samplesPerClass: COUNTS, maxMargn: 1 })).toThrow(/did you mean 'maxMargin'\?/);
  });

  it('the registry entry: parameters with the paper defaults, weightedMean, zero bias, cosine classifier, counts', () => {
    const method = resolveMethod('ldam');
    expect(method.parameters.map((p) => [p.name, p.default])).toEqual([
      ['maxMargin', 0.5],
      ['scale', 30],
    ]);
    expect(method.reduction).toBe('weightedMean');
    expect(method.finalBias).toBe('zero');
    expect(method.classifier).toBe('cosine');
    expect(method.classInputs).toBe('counts');
    expect(createLoss('ldam', { samplesPerClass: COUNTS }).parameters).toEqual({ maxMargin: 0.5, scale: 30 });
  });
});

describe.each(BACKENDS)('cosineLogits on the %s backend', (backend) => {
  beforeAll(async () => {
    await useBackend(backend);
  });

  it('cosines of features and class columns, in [-1, 1]; zero vectors give 0 and a finite gradient', () => {
    expectNoLeak(() => {
      tf.tidy(() => {
        expectClose(cosineLogits(tf.tensor2d([[3, 4]]), tf.tensor2d([[1, 0], [0, 2]])).dataSync(), [0.6, 0.8], { relTol: 1e-6 });
        const features = tf.tensor2d([
          [1, -2, 0.5],
          [0, 0, 0],
          [-3, 1, 2],
        ]);
        const kernel = tf.tensor2d([
          [0.2, 0, -1],
          [0.4, 0, 0.3],
          [-0.1, 0, 2],
        ]);
        const out = cosineLogits(features, kernel).dataSync();
        const f = [[1, -2, 0.5], [0, 0, 0], [-3, 1, 2]];
        const k = [[0.2, 0.4, -0.1], [0, 0, 0], [-1, 0.3, 2]]; // columns
        const norm = (v: number[]) => Math.hypot(...v);
        const expected = f.flatMap((fv) => k.map((kv) => (norm(fv) === 0 || norm(kv) === 0 ? 0 : fv.reduce((s, x, i) => s + x * (kv[i] as number), 0) / (norm(fv) * norm(kv)))));
        expectClose(out, expected, { relTol: 1e-5, absTol: 1e-6 });
        const grads = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(cosineLogits(a, b), tf.tensor2d([[1, 2, 3], [4, 5, 6], [7, 8, 9]]))))([features, kernel]);
        for (const g of grads) expectAllFinite(g.dataSync(), 'grad');
        // the gradient w.r.t. the features is orthogonal to them (scaling a feature vector changes nothing)
        const gf = grads[0]?.arraySync() as number[][];
        expect(Math.abs((gf[0] as number[]).reduce((s, g, i) => s + g * (f[0]?.[i] as number), 0))).toBeLessThan(1e-5);
      });
    });
    expect(() => tf.tidy(() => cosineLogits(tf.tensor2d([[1, 2]]), tf.tensor2d([[1, 2, 3]])))).toThrow(
      "cosineLogits: 'features' [B, D] and 'kernel' [D, C] must agree on D; got shapes [1, 2] and [1, 3].",
    );
  });
});
