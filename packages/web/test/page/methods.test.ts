import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { classBalancedLoss, classBalancedWeights, LOSS_TYPES } from 'class-balanced-loss';
import { beforeAll, describe, expect, it } from 'vitest';
import { createMethodLoss, methodByName, METHODS } from '../../src/page/methods.js';

const COUNTS = [500, 50, 5];

describe('METHODS', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('lists the six losses of the paper, each name once, on the library\'s loss types', () => {
    expect(METHODS.map((m) => m.name)).toEqual(['softmax', 'cb-softmax', 'sigmoid', 'cb-sigmoid', 'focal', 'cb-focal']);
    for (const method of METHODS) expect(LOSS_TYPES).toContain(method.type);
    // class-balanced methods are exactly those with a β; focal ones exactly those with a γ
    for (const method of METHODS) {
      const names = method.parameters.map((p) => p.name);
      expect(names.includes('beta'), method.name).toBe(method.name.startsWith('cb-'));
      expect(names.includes('gamma'), method.name).toBe(method.type === 'focal');
      expect(method.finalBias, method.name).toBe(method.type === 'softmax' ? 'zero' : 'prior');
    }
  });

  it('class-balanced methods weigh with the library\'s weights of the counts; the others do not weigh', () => {
    for (const method of METHODS) {
      const loss = createMethodLoss(method.name, { samplesPerClass: COUNTS, beta: 0.99, gamma: 1 });
      expect(loss.weights, method.name).toEqual(method.name.startsWith('cb-') ? classBalancedWeights(COUNTS, 0.99) : [1, 1, 1]);
      expect(loss.type).toBe(method.type);
      expect(loss.gamma).toBe(method.type === 'focal' ? 1 : undefined);
    }
  });

  it('takes the default of a parameter left out (β = 0.9999, γ = 2)', () => {
    const loss = createMethodLoss('cb-focal', { samplesPerClass: COUNTS });
    expect(loss.weights).toEqual(classBalancedWeights(COUNTS, 0.9999));
    expect(loss.gamma).toBe(2);
  });

  it('computes the same value as classBalancedLoss with the same options', () => {
    const labels = tf.tensor1d([0, 2, 1], 'int32');
    const logits = tf.tensor2d([[2, -1, 0.5], [0.1, 0.2, -3], [1, 1, 1]]);
    const ours = createMethodLoss('cb-focal', { samplesPerClass: COUNTS, beta: 0.999, gamma: 0.5 })(labels, logits);
    const library = classBalancedLoss({ samplesPerClass: COUNTS, beta: 0.999, type: 'focal', gamma: 0.5 })(labels, logits);
    expect(ours.dataSync()[0]).toBe(library.dataSync()[0]);
    tf.dispose([labels, logits, ours, library]);
  });

  it('rejects an unknown name, suggesting the nearest', () => {
    expect(() => methodByName('cb-focla')).toThrow(
      "methodByName: 'name' must be one of 'softmax', 'cb-softmax', 'sigmoid', 'cb-sigmoid', 'focal', 'cb-focal'; got 'cb-focla' (did you mean 'cb-focal'?).",
    );
    expect(() => createMethodLoss('cb-softmax', { samplesPerClass: COUNTS, beta: 2 })).toThrow(/^classBalancedWeights: 'beta' must be in \[0, 1\]; got 2\./);
  });
});
