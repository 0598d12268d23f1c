import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { classBalancedWeights, createLoss, LOSS_METHODS } from 'class-balanced-loss';
import { beforeAll, describe, expect, it } from 'vitest';
import { createMethodLoss, methodByName, methodLabel, METHODS, parameterSymbol } from '../../src/page/methods.js';

const COUNTS = [500, 50, 5];

describe('the page\'s methods', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('are the library\'s registry, in its order', () => {
    expect(METHODS).toBe(LOSS_METHODS);
    expect(methodByName('focal')).toBe(LOSS_METHODS.find((m) => m.name === 'focal'));
  });

  it('weigh with the library\'s class-balanced weights of the counts when β > 0, not at β = 0', () => {
    for (const method of METHODS) {
      expect(createMethodLoss(method.name, { samplesPerClass: COUNTS, beta: 0.99 }).classWeights, method.name).toEqual(classBalancedWeights(COUNTS, 0.99));
      expect(createMethodLoss(method.name, { samplesPerClass: COUNTS, beta: 0 }).classWeights, method.name).toEqual([1, 1, 1]);
    }
  });

  it('fill in the registry\'s defaults and pass the parameters and DRW on to createLoss', () => {
    expect(createMethodLoss('focal', { samplesPerClass: COUNTS, beta: 0.9 }).parameters).toEqual({ gamma: 2 });
    const loss = createMethodLoss('focal', { samplesPerClass: COUNTS, beta: 0.9, parameters: { gamma: 0.5 }, drwEpoch: 3 });
    expect(loss.parameters).toEqual({ gamma: 0.5 });
    expect(loss.drwEpoch).toBe(3);
    expect(loss.weights).toEqual([1, 1, 1]); // unweighted before epoch 3
    loss.setEpoch(3);
    expect(loss.weights).toEqual(classBalancedWeights(COUNTS, 0.9));
  });

  it('compute the same value as createLoss with the same options', () => {
    const labels = tf.tensor1d([0, 2, 1], 'int32');
    const logits = tf.tensor2d([[2, -1, 0.5], [0.1, 0.2, -3], [1, 1, 1]]);
    const ours = createMethodLoss('focal', { samplesPerClass: COUNTS, beta: 0.999, parameters: { gamma: 0.5 } })(labels, logits);
    const library = createLoss('focal', { samplesPerClass: COUNTS, beta: 0.999, gamma: 0.5 })(labels, logits);
    expect(ours.dataSync()[0]).toBe(library.dataSync()[0]);
    tf.dispose([labels, logits, ours, library]);
  });

  it('are labelled as the registry says: CB before the label when class-balanced', () => {
    expect(methodLabel('focal', 0.999)).toBe('CB focal');
    expect(methodLabel('softmax', 0)).toBe('softmax');
    expect(parameterSymbol({ name: 'gamma', symbol: 'γ', default: 2, min: 0, max: Infinity, help: '' })).toBe('γ');
    expect(parameterSymbol({ name: 'scale', default: 30, min: 0, max: Infinity, help: '' })).toBe('scale');
  });

  it('reject an unknown name (with the nearest) and a parameter out of its range, naming them', () => {
    expect(() => methodByName('focla')).toThrow(/^methodByName: 'name' must be one of 'softmax', 'sigmoid', 'focal'.*; got 'focla' \(did you mean 'focal'\?\)\.$/);
    expect(() => createMethodLoss('focal', { samplesPerClass: COUNTS, beta: 0.9, parameters: { gamma: -1 } })).toThrow("createLoss: 'gamma' must be a finite number >= 0; got -1.");
    // (the library's message names its weights function here)
    expect(() => createMethodLoss('softmax', { samplesPerClass: COUNTS, beta: 2 })).toThrow("classBalancedWeights: 'beta' must be in [0, 1]; got 2.");
  });
});
