import { beforeAll, describe, expect, it } from 'vitest';
import {
  CbLossError,
  classBalancedLoss,
  classBalancedWeights,
  createLoss,
  deferredReweightingCallback,
  finalBiasValue,
  LOSS_METHODS,
  METHOD_NAMES,
  parameterAccepts,
  parameterRule,
  priorBias,
  resolveMethod,
  softmaxCrossEntropy,
} from '../../src/index.js';
import { expectClose } from '../helpers/close.js';
import { expectNoLeak, tf, useBackend } from '../helpers/tf.js';

const counts = [500, 50, 5];
const labels = [0, 1, 2, 2];
const logitRows = [
  [2, -1, 0.5],
  [0.1, 0.3, -2],
  [-1, 1, 3],
  [4, 0, -4],
];

function lossValue(loss: (l: tf.Tensor, x: tf.Tensor) => tf.Scalar): number {
  return tf.tidy(() => loss(tf.tensor1d(labels, 'int32'), tf.tensor2d(logitRows)).dataSync()[0] as number);
}

describe('the method registry', () => {
  beforeAll(() => useBackend('cpu'));

  it('every entry is complete and consistent', () => {
    expect(new Set(METHOD_NAMES).size).toBe(METHOD_NAMES.length);
    for (const method of LOSS_METHODS) {
      expect(method.name).toMatch(/^[a-z][a-z-]*$/);
      expect(method.label.length).toBeGreaterThan(0);
      expect(method.summary.length).toBeGreaterThan(0);
      expect(method.reference).toMatch(/arXiv:\d{4}\.\d{5}/);
      expect(['zero', 'prior']).toContain(method.finalBias);
      expect(['weights', 'counts']).toContain(method.classInputs);
      for (const p of method.parameters) {
        expect(p.name).toMatch(/^[a-z][a-zA-Z]*$/);
        expect(parameterAccepts(p, p.default), `${method.name}.${p.name} default`).toBe(true);
        expect(p.help.length).toBeGreaterThan(0);
      }
      // Every method gives a finite scalar at its defaults, with and without class weights, and leaks nothing.
      for (const beta of [0, 0.999]) {
        expectNoLeak(() => {
          const value = lossValue(createLoss(method.name, { samplesPerClass: counts, beta }));
          expect(Number.isFinite(value), `${method.name} β=${beta}`).toBe(true);
        });
      }
    }
  });

  it('createLoss equals classBalancedLoss and the per-example loss with the official reduction', () => {
    for (const type of ['softmax', 'sigmoid', 'focal'] as const) {
      const a = createLoss(type, { samplesPerClass: counts, beta: 0.99, ...(type === 'focal' ? { gamma: 0.5 } : {}) });
      const b = classBalancedLoss({ samplesPerClass: counts, beta: 0.99, type, gamma: 0.5 });
      expect(lossValue(a)).toBe(lossValue(b));
      expect(a.classWeights).toEqual(b.weights);
    }
    const weights = classBalancedWeights(counts, 0.9);
    const expected = tf.tidy(
      () => softmaxCrossEntropy(tf.tensor1d(labels, 'int32'), tf.tensor2d(logitRows), { classWeights: weights, reduction: 'mean' }).dataSync()[0] as number,
    );
    expect(lossValue(createLoss('softmax', { samplesPerClass: counts, beta: 0.9 }))).toBe(expected);
  });

  it('fills parameter defaults and validates them with the registry rule', () => {
    expect(createLoss('focal', { samplesPerClass: counts }).parameters).toEqual({ gamma: resolveMethod('focal').parameters[0]?.default });
    expect(() => createLoss('focal', { samplesPerClass: counts, gamma: -1 })).toThrow("createLoss: 'gamma' must be a finite number >= 0; got -1.");
    expect(() => createLoss('focal', { samplesPerClass: counts, gama: 1 })).toThrow(/createLoss: option 'gama' is not an option of 'focal' .*did you mean 'gamma'\?/);
    expect(() => createLoss('softmax', { samplesPerClass: counts, gamma: 1 })).toThrow(CbLossError);
    expect(() => createLoss('softmax', { samplesPerClass: counts, beta: 1.5 })).toThrow("classBalancedWeights: 'beta' must be in [0, 1]; got 1.5.");
    expect(() => createLoss('nope' as never, { samplesPerClass: counts })).toThrow(/^createLoss: 'name' must be one of 'softmax'/);
    expect(parameterRule({ name: 's', default: 1, min: 0, max: Infinity, minExclusive: true, help: 'x' })).toBe('be a finite number > 0');
    expect(parameterRule({ name: 't', default: 1, min: 0, max: 1, maxExclusive: true, help: 'x' })).toBe('be in [0, 1)');
  });

  it('rejects logits whose class count differs from the counts', () => {
    const loss = createLoss('softmax', { samplesPerClass: counts });
    expect(() => tf.tidy(() => loss(tf.tensor1d([0], 'int32'), tf.tensor2d([[0, 0]])))).toThrow(
      "createLoss: 'logits' must have 3 classes (the length of 'samplesPerClass'); got shape [1, 2].",
    );
  });

  it('deferred re-weighting: unweighted before drwEpoch, class-balanced from it on', () => {
    const drw = createLoss('softmax', { samplesPerClass: counts, beta: 0.999, drwEpoch: 2 });
    const plain = createLoss('softmax', { samplesPerClass: counts, beta: 0 });
    const weighted = createLoss('softmax', { samplesPerClass: counts, beta: 0.999 });
    expect(drw.weights).toEqual([1, 1, 1]);
    expect(lossValue(drw)).toBe(lossValue(plain));
    const callback = deferredReweightingCallback(drw);
    void callback.onEpochBegin(1);
    expect(lossValue(drw)).toBe(lossValue(plain));
    void callback.onEpochBegin(2);
    expect(drw.weights).toEqual(weighted.classWeights);
    expect(lossValue(drw)).toBe(lossValue(weighted));
    expect(lossValue(drw)).not.toBe(lossValue(plain));
    drw.setEpoch(0);
    expect(drw.weights).toEqual([1, 1, 1]);
    expect(() => drw.setEpoch(-1)).toThrow(CbLossError);
    expect(() => createLoss('softmax', { samplesPerClass: counts, drwEpoch: 1.5 })).toThrow("createLoss: 'drwEpoch' must be an integer >= 0; got 1.5.");
  });

  it('finalBiasValue: 0 or the prior bias', () => {
    expect(finalBiasValue('zero', 10)).toBe(0);
    expectClose(finalBiasValue('prior', 10), priorBias(10));
    expect(resolveMethod('focal').finalBias).toBe('prior');
    expect(resolveMethod('softmax').finalBias).toBe('zero');
  });
});
