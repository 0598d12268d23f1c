import { beforeAll, describe, expect, it } from 'vitest';
import {
  CbLossError,
  classBalancedLoss,
  METHOD_NAMES,
  resolveMethod,
  sigmoidCrossEntropy,
  sigmoidFocalLoss,
  softmaxCrossEntropy,
  softmaxFocalLoss,
  type CbLossErrorCode,
} from '../../src/index.js';
import { expectNoLeak, tf, useBackend } from '../helpers/tf.js';

/** Expects `f` to throw a CbLossError with `code` whose message matches `message`, leaving no tensor behind. */
function expectCbLossError(f: () => unknown, code: CbLossErrorCode, message: RegExp | string): void {
  expectNoLeak(() => {
    let error: unknown;
    try {
      f();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CbLossError);
    expect((error as CbLossError).code).toBe(code);
    if (typeof message === 'string') expect((error as CbLossError).message).toBe(message);
    else expect((error as CbLossError).message).toMatch(message);
  });
}

const counts = [100, 10, 1];

describe('bad inputs give a clear CbLossError', () => {
  beforeAll(async () => {
    await useBackend('cpu');
  });

  it('classBalancedLoss: beta outside [0, 1] or NaN', () => {
    for (const beta of [-0.01, 1.5, NaN]) {
      expectCbLossError(() => classBalancedLoss({ samplesPerClass: counts, beta, type: 'softmax' }), 'invalid-argument', /classBalancedWeights: 'beta' must be in \[0, 1\]; got/);
    }
  });

  it('classBalancedLoss: negative, fractional, non-finite and empty counts', () => {
    const cases: [number[], string][] = [
      [[10, -1], "classBalancedWeights: 'samplesPerClass[1]' must be a non-negative integer; got -1."],
      [[10, 2.5], "classBalancedWeights: 'samplesPerClass[1]' must be a non-negative integer; got 2.5."],
      [[Infinity, 2], "classBalancedWeights: 'samplesPerClass[0]' must be a non-negative integer; got Infinity."],
      [[NaN], "classBalancedWeights: 'samplesPerClass[0]' must be a non-negative integer; got NaN."],
      [[], "classBalancedWeights: 'samplesPerClass' must be a non-empty list of counts; got []."],
    ];
    for (const [samplesPerClass, message] of cases) {
      expectCbLossError(() => classBalancedLoss({ samplesPerClass, beta: 0.9, type: 'softmax' }), 'invalid-argument', message);
    }
    expectCbLossError(() => classBalancedLoss({ samplesPerClass: [3, 0], beta: 0.9, type: 'sigmoid' }), 'invalid-argument', /'samplesPerClass\[1\]' must be > 0/);
  });

  it('gamma < 0 or NaN', () => {
    expectCbLossError(() => classBalancedLoss({ samplesPerClass: counts, beta: 0.9, type: 'focal', gamma: -1 }), 'invalid-argument', "classBalancedLoss: 'gamma' must be a finite number >= 0; got -1.");
    const labels = tf.tensor1d([0], 'int32');
    const logits = tf.tensor2d([[0, 1, 2]]);
    expectCbLossError(() => sigmoidFocalLoss(labels, logits, { gamma: -0.5 }), 'invalid-argument', "sigmoidFocalLoss: 'gamma' must be a finite number >= 0; got -0.5.");
    expectCbLossError(() => softmaxFocalLoss(labels, logits, { gamma: NaN }), 'invalid-argument', "softmaxFocalLoss: 'gamma' must be a finite number >= 0; got NaN.");
    tf.dispose([labels, logits]);
  });

  it('unknown method suggests the nearest valid one; unknown reduction lists the valid ones', () => {
    const valid = METHOD_NAMES.map((n) => `'${n}'`).join(', ');
    expectCbLossError(() => resolveMethod('focla'), 'unknown-name', `resolveMethod: 'method' must be one of ${valid}; got 'focla' (did you mean 'focal'?).`);
    expectCbLossError(
      () => resolveMethod('sofmax', { caller: 'train', argument: '--loss' }),
      'unknown-name',
      `train: '--loss' must be one of ${valid}; got 'sofmax' (did you mean 'softmax'?).`,
    );
    expectCbLossError(() => classBalancedLoss({ samplesPerClass: counts, beta: 0.9, type: 'sigmoidd' as never }), 'unknown-name', /^classBalancedLoss: 'type' must be one of .*did you mean 'sigmoid'\?/);
    expectCbLossError(() => resolveMethod('hinge'), 'unknown-name', `resolveMethod: 'method' must be one of ${valid}; got 'hinge'.`);
    const labels = tf.tensor1d([0], 'int32');
    const logits = tf.tensor2d([[0, 1, 2]]);
    expectCbLossError(() => softmaxCrossEntropy(labels, logits, { reduction: 'avg' as never }), 'unknown-name', "softmaxCrossEntropy: 'reduction' must be one of 'none', 'sum', 'mean', 'meanOverPositives', 'weightedMean'; got 'avg'.");
    tf.dispose([labels, logits]);
  });

  it('labels out of range or non-integer', () => {
    const loss = classBalancedLoss({ samplesPerClass: counts, beta: 0.9, type: 'softmax' });
    const logits = tf.tensor2d([[0, 1, 2], [1, 1, 1]]);
    const cases: [tf.Tensor, string][] = [
      [tf.tensor1d([0, 3], 'int32'), "softmaxCrossEntropy: 'labels[1]' must be an integer class id in [0, 2]; got 3."],
      [tf.tensor1d([-1, 0], 'int32'), "softmaxCrossEntropy: 'labels[0]' must be an integer class id in [0, 2]; got -1."],
      [tf.tensor1d([0, 1.5]), "softmaxCrossEntropy: 'labels[1]' must be an integer class id in [0, 2]; got 1.5."],
      [tf.tensor2d([[0], [NaN]]), "softmaxCrossEntropy: 'labels[1]' must be an integer class id in [0, 2]; got NaN."],
      [tf.tensor2d([[0, 2, 0], [1, 0, 0]]), "softmaxCrossEntropy: 'labels' must hold values in [0, 1] (one-hot, multi-hot or soft labels); got values in [0, 2]."],
    ];
    for (const [labels, message] of cases) {
      expectCbLossError(() => loss(labels, logits), 'invalid-argument', message);
      labels.dispose();
    }
    logits.dispose();
  });

  it('label/logit shape mismatch, wrong rank, C mismatch between counts and logits', () => {
    const loss = classBalancedLoss({ samplesPerClass: counts, beta: 0.9, type: 'sigmoid' });
    const logits = tf.tensor2d([[0, 1, 2], [1, 1, 1]]);
    const threeLabels = tf.tensor1d([0, 1, 2], 'int32');
    expectCbLossError(() => loss(threeLabels, logits), 'shape-mismatch', "sigmoidCrossEntropy: 'labels' must have shape [2, 3], [2] or [2, 1] to match 'logits' [2, 3]; got shape [3].");
    const wideLabels = tf.tensor2d([[0, 1, 0, 0], [1, 0, 0, 0]]);
    expectCbLossError(() => loss(wideLabels, logits), 'shape-mismatch', /'labels' must have shape \[2, 3\], \[2\] or \[2, 1\] to match 'logits' \[2, 3\]; got shape \[2, 4\]/);
    const rank3 = tf.zeros([2, 3, 1]);
    expectCbLossError(() => loss(rank3, logits), 'shape-mismatch', /'labels' must have shape .*; got shape \[2, 3, 1\]\./);
    const logits1d = tf.tensor1d([0, 1, 2]);
    expectCbLossError(() => loss(threeLabels, logits1d), 'shape-mismatch', "sigmoidCrossEntropy: 'logits' must have rank 2 [B, C]; got shape [3].");
    const logits4 = tf.zeros([2, 4]);
    const twoLabels = tf.tensor1d([0, 1], 'int32');
    expectCbLossError(() => loss(twoLabels, logits4), 'shape-mismatch', "classBalancedLoss: 'logits' must have 3 classes (the length of 'samplesPerClass'); got shape [2, 4].");
    const intLogits = tf.zeros([2, 3], 'int32');
    expectCbLossError(() => loss(twoLabels, intLogits), 'invalid-argument', "sigmoidCrossEntropy: 'logits' must have dtype float32; got 'int32'.");
    expectCbLossError(() => loss([0, 1] as never, logits), 'invalid-argument', "sigmoidCrossEntropy: 'labels' must be a tf.Tensor; got 'object'.");
    tf.dispose([logits, threeLabels, wideLabels, rank3, logits1d, logits4, twoLabels, intLogits]);
  });

  it('classWeights of the wrong length or negative / non-finite', () => {
    const labels = tf.tensor1d([0, 1], 'int32');
    const logits = tf.tensor2d([[0, 1, 2], [1, 1, 1]]);
    expectCbLossError(() => softmaxCrossEntropy(labels, logits, { classWeights: [1, 2] }), 'shape-mismatch', "softmaxCrossEntropy: 'classWeights' must have one weight per class of 'logits' (3); got 2.");
    expectCbLossError(() => sigmoidCrossEntropy(labels, logits, { classWeights: [1, -2, 1] }), 'invalid-argument', "sigmoidCrossEntropy: 'classWeights[1]' must be a finite number >= 0; got -2.");
    expectCbLossError(() => sigmoidCrossEntropy(labels, logits, { classWeights: [1, NaN, 1] }), 'invalid-argument', /'classWeights\[1\]' must be a finite number >= 0; got NaN\./);
    // a frozen array is checked once and then trusted: a bad one must be rejected on every call, and a good one must
    // still be checked against the number of classes
    const frozenBad = Object.freeze([1, -2, 1]);
    for (let call = 0; call < 2; call++) {
      expectCbLossError(() => softmaxCrossEntropy(labels, logits, { classWeights: frozenBad }), 'invalid-argument', /'classWeights\[1\]' must be a finite number >= 0; got -2\./);
    }
    const frozenGood = Object.freeze([1, 2, 3]);
    tf.dispose(softmaxCrossEntropy(labels, logits, { classWeights: frozenGood }));
    const twoClasses = tf.tensor2d([[0, 1], [1, 1]]);
    expectCbLossError(() => softmaxCrossEntropy(labels, twoClasses, { classWeights: frozenGood }), 'shape-mismatch', /must have one weight per class of 'logits' \(2\); got 3\./);
    tf.dispose([labels, logits, twoClasses]);
  });
});
