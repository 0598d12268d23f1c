import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { cosineLogits } from 'class-balanced-loss';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildModel } from '../../src/models/buildModel.js';
import { CosineDense } from '../../src/models/CosineDense.js';
import { weightDecayVariables } from '../../src/models/weightDecayVariables.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('CosineDense (the cosine classifier of LDAM)', () => {
  it('outputs the cosine logits of its kernel, starts with unit-norm columns, and has no bias', () => {
    const layer = new CosineDense({ units: 4, seed: 7, name: 'logits' });
    const x = tf.tensor2d([[3, 4, 0], [0, 0, 0], [-1, 2, 5]]);
    const y = layer.apply(x) as tf.Tensor;
    const weights = layer.getWeights();
    expect(weights).toHaveLength(1);
    const kernel = weights[0] as tf.Tensor;
    expect(kernel.shape).toEqual([3, 4]);
    const norms = Array.from(tf.norm(kernel, 2, 0).dataSync());
    norms.forEach((n) => expect(n).toBeCloseTo(1, 5));
    const expected = cosineLogits(x, kernel);
    expect(Array.from(y.dataSync())).toEqual(Array.from(expected.dataSync()));
    expect(Array.from(y.dataSync()).every((v) => v >= -1 - 1e-6 && v <= 1 + 1e-6)).toBe(true);
    // the same seed gives the same kernel, another seed another one
    const same = new CosineDense({ units: 4, seed: 7 });
    same.apply(x);
    expect(Array.from((same.getWeights()[0] as tf.Tensor).dataSync())).toEqual(Array.from(kernel.dataSync()));
    tf.dispose([x, y, expected]);
  });

  it('builds the models with it on request, trains its kernel, and survives a save/load round trip', async () => {
    const model = buildModel('mlp', { inputShape: [6], numClasses: 3, finalBias: 'zero', classifier: 'cosine', seed: 1 });
    const logits = model.getLayer('logits');
    expect(logits).toBeInstanceOf(CosineDense);
    expect(weightDecayVariables(model, 'zero')).toContain(logits.trainableWeights[0]?.read());
    const x = tf.randomNormal([5, 6], 0, 1, 'float32', 3);
    const { grads } = tf.variableGrads(() => tf.sum(tf.square(model.predict(x) as tf.Tensor)) as tf.Scalar);
    const kernelGrad = grads[logits.trainableWeights[0]!.name];
    expect(kernelGrad).toBeDefined();
    expect(Array.from(kernelGrad!.dataSync()).some((g) => g !== 0)).toBe(true);
    let saved: tf.io.ModelArtifacts | undefined;
    await model.save(tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }));
    const loaded = await tfl.loadLayersModel(tf.io.fromMemory(saved!));
    expect(loaded.getLayer('logits')).toBeInstanceOf(CosineDense);
    const a = model.predict(x) as tf.Tensor;
    const b = loaded.predict(x) as tf.Tensor;
    expect(Array.from(b.dataSync())).toEqual(Array.from(a.dataSync()));
    tf.dispose([x, a, b, ...Object.values(grads)]);
    model.dispose();
    loaded.dispose();
    expect(() => buildModel('mlp', { inputShape: [6], numClasses: 3, finalBias: 'zero', classifier: 'arc' as never, seed: 1 })).toThrow(
      "buildModel: 'classifier' must be one of linear, cosine; got 'arc'.",
    );
  });
});
