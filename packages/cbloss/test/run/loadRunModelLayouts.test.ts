import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import type * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildResNet, type ModelSpec } from '../../src/models/resnet.js';
import { loadRunModel } from '../../src/run/loadRunModel.js';
import { saveRunModel } from '../../src/run/saveRunModel.js';
import { tempDir } from '../data/tempDir.js';
import { oldResNet8 } from '../models/oldResNet8.js';

const SPEC: ModelSpec = { inputShape: [8, 8, 3], numClasses: 5, logitsBiasInitializer: 'zeros', seed: 3 };
const INPUT = { sampleShape: [8, 8, 3], normalization: { mean: [0, 0, 0], std: [1, 1, 1], scale: 1 }, classNames: ['a', 'b', 'c', 'd', 'e'] };

/** Saves `model` as a run would, loads it back with loadRunModel, and compares the predictions. */
async function roundTrip(model: tfl.LayersModel): Promise<{ gap: number; classes: string[] }> {
  const dir = tempDir();
  await saveRunModel(model, `${dir}/model`, INPUT);
  const loaded = await loadRunModel(dir);
  const x = tf.randomNormal([3, 8, 8, 3], 0, 1, 'float32', 9);
  const expected = model.predict(x) as tf.Tensor;
  const actual = loaded.model.predict(x) as tf.Tensor;
  const gap = tf.max(tf.abs(tf.sub(actual, expected))).dataSync()[0] as number;
  const classes = loaded.model.layers.map((l) => l.getClassName());
  tf.dispose([x, expected, actual]);
  loaded.model.dispose();
  return { gap, classes };
}

describe('loadRunModel and the ResNet layouts', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('loads a ResNet saved with the fused ConvBatchNorm layers (cbloss eval, loadRunModel)', async () => {
    const model = buildResNet(8, SPEC);
    // Moving statistics away from their initial 0/1, so that inference depends on them.
    tf.tidy(() => void model.apply(tf.randomNormal([4, 8, 8, 3], 0, 1, 'float32', 4), { training: true }));
    const { gap, classes } = await roundTrip(model);
    expect(gap).toBe(0);
    expect(classes.filter((c) => c === 'CblossConvBatchNorm')).toHaveLength(7);
    model.dispose();
  });

  it('still loads and evaluates a ResNet saved by earlier versions (conv2d + batchNormalization + reLU layers)', async () => {
    const model = oldResNet8(SPEC);
    tf.tidy(() => void model.apply(tf.randomNormal([4, 8, 8, 3], 0, 1, 'float32', 4), { training: true }));
    const { gap, classes } = await roundTrip(model);
    expect(gap).toBe(0);
    expect(classes.filter((c) => c === 'BatchNormalization')).toHaveLength(7);
    expect(classes).not.toContain('CblossConvBatchNorm');
    model.dispose();
  });
});
