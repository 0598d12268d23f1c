import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  CbLossError,
  classBalancedClassWeight,
  classBalancedWeights,
  priorBias,
  priorBiasInitializer,
} from '../../src/index.js';
import { tf, useBackend } from '../helpers/tf.js';

describe('priorBias', () => {
  beforeAll(async () => {
    await useBackend('cpu');
  });

  it('is -log(C - 1), so that sigmoid(b) = 1/C', () => {
    expect(priorBias(10)).toBeCloseTo(-Math.log(9), 15);
    expect(priorBias(2)).toBe(-0);
    const b = priorBias(1000);
    expect(1 / (1 + Math.exp(-b))).toBeCloseTo(1 / 1000, 15);
  });

  it('rejects C < 2 and non-integers', () => {
    expect(() => priorBias(1)).toThrow("priorBias: 'numClasses' must be an integer >= 2; got 1.");
    expect(() => priorBias(2.5)).toThrow(CbLossError);
    expect(() => priorBiasInitializer(0)).toThrow(CbLossError);
  });

  it('works as a tfjs-layers biasInitializer and serialises by class name and config', () => {
    const layer = tfl.layers.dense({ units: 10, inputShape: [3], biasInitializer: priorBiasInitializer(10) });
    const model = tfl.sequential({ layers: [layer] });
    const [, bias] = layer.getWeights();
    expect(bias?.shape).toEqual([10]);
    for (const v of bias?.dataSync() ?? []) expect(v).toBeCloseTo(-Math.log(9), 6);
    const config = layer.getConfig() as { biasInitializer: unknown };
    expect(config.biasInitializer).toEqual({ className: 'CbLossPriorBias', config: { numClasses: 10 } });
    // the model config can be turned back into a model
    const copy = tfl.models.modelFromJSON({ modelTopology: model.toJSON(null, false) } as never);
    return copy.then((m) => {
      expect(m.layers[0]?.getWeights()[1]?.dataSync()[0]).toBeCloseTo(-Math.log(9), 6);
      m.dispose();
      model.dispose();
    });
  });

  it('apply() returns a filled tensor of the requested shape', () => {
    const init = priorBiasInitializer(5);
    const t = init.apply([2, 3]);
    expect(t.shape).toEqual([2, 3]);
    expect(Array.from(t.dataSync()).every((v) => Math.abs(v + Math.log(4)) < 1e-6)).toBe(true);
    expect(init.getClassName()).toBe('CbLossPriorBias');
    expect(init.getConfig()).toEqual({ numClasses: 5 });
    t.dispose();
  });
});

describe('classBalancedClassWeight', () => {
  it('maps class index to the class-balanced weight', () => {
    const counts = [1000, 100, 10];
    const weights = classBalancedWeights(counts, 0.99);
    expect(classBalancedClassWeight(counts, 0.99)).toEqual({ 0: weights[0], 1: weights[1], 2: weights[2] });
    expect(() => classBalancedClassWeight([1, 2], 2)).toThrow(CbLossError);
  });
});
