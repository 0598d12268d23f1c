import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { resolveMethod } from 'class-balanced-loss';
import { CblossError } from '../../src/CblossError.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildModel, type BuildModelOptions } from '../../src/models/buildModel.js';
import { MODEL_NAMES, resolveModelName } from '../../src/models/modelNames.js';
import { weightDecayVariables } from '../../src/models/weightDecayVariables.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const CIFAR: BuildModelOptions = { inputShape: [32, 32, 3], numClasses: 10, finalBias: 'zero', seed: 1 };
const MNIST: BuildModelOptions = { inputShape: [28, 28, 1], numClasses: 10, finalBias: 'zero', seed: 1 };

function trainableCount(model: tfl.LayersModel): number {
  return model.trainableWeights.reduce((sum, w) => sum + w.shape.reduce<number>((a, b) => a * (b ?? 1), 1), 0);
}

function weightsOf(model: tfl.LayersModel): Float32Array[] {
  return model.getWeights().map((w) => w.dataSync() as Float32Array);
}

describe('buildModel', () => {
  it('builds every model with logits of shape [n, C] and the expected trainable parameter counts', () => {
    // ResNets: counted by hand (test/models/resnet.test.ts); He et al. report 0.27M (20), 0.46M (32), 0.66M (44),
    // 0.85M (56), 1.7M (110). cnn and mlp: counted layer by layer (see smallModels.ts).
    const expected: Record<string, [BuildModelOptions, number]> = {
      resnet20: [CIFAR, 269722],
      resnet32: [CIFAR, 464154],
      resnet44: [CIFAR, 658586],
      resnet56: [CIFAR, 853018],
      resnet110: [CIFAR, 1727962],
      // torchvision's 25,557,032 for 1000 classes, less 990 classes × (2048 + 1)
      resnet50: [CIFAR, 23528522],
      cnn: [MNIST, 421642],
      mlp: [{ ...MNIST, inputShape: [784] }, 269322],
    };
    // ResNet-101/152 are counted in resnetBottleneck.test.ts (building them takes long); every other model here.
    expect(MODEL_NAMES.filter((name) => !(name in expected))).toEqual(['resnet101', 'resnet152']);
    for (const name of Object.keys(expected) as (typeof MODEL_NAMES)[number][]) {
      const [options, params] = expected[name]!;
      const model = buildModel(name, options);
      expect(trainableCount(model), name).toBe(params);
      expect(model.outputs[0]!.shape, name).toEqual([null, 10]);
      model.dispose();
    }
  });

  it('runs a forward pass on a tiny batch and gives finite logits [2, C]', () => {
    for (const [name, options] of [['resnet20', { ...CIFAR, inputShape: [8, 8, 3] }], ['cnn', MNIST], ['mlp', MNIST]] as const) {
      const model = buildModel(name, { ...options, numClasses: 5 });
      const before = tf.memory().numTensors;
      const logits = tf.tidy(() => model.predict(tf.randomNormal([2, ...options.inputShape], 0, 1, 'float32', 5)) as tf.Tensor);
      expect(logits.shape).toEqual([2, 5]);
      expect(Array.from(logits.dataSync()).every(Number.isFinite)).toBe(true);
      logits.dispose();
      expect(tf.memory().numTensors).toBe(before);
      model.dispose();
    }
  });

  it('gives identical initial weights for the same seed and different ones for another seed', () => {
    const a = weightsOf(buildModel('resnet20', CIFAR));
    const b = weightsOf(buildModel('resnet20', CIFAR));
    const c = weightsOf(buildModel('resnet20', { ...CIFAR, seed: 2 }));
    expect(a.length).toBe(b.length);
    a.forEach((w, i) => expect(Array.from(w)).toEqual(Array.from(b[i]!)));
    // Kernel of the first conv: same seed equal, other seed different.
    expect(Array.from(a[0]!)).not.toEqual(Array.from(c[0]!));
    // Different layers get different streams (not the same kernel repeated).
    const m = buildModel('mlp', { ...MNIST, inputShape: [256] });
    const [k1, , k2] = m.getWeights();
    expect(k1!.shape).toEqual(k2!.shape);
    expect(Array.from(k1!.dataSync())).not.toEqual(Array.from(k2!.dataSync()));
    m.dispose();
  });

  it('initialises kernels He-normal with the intended variance: std = sqrt(2 / fan_in), truncated at 2 std of the draw', () => {
    // tfjs-layers' heNormal truncates at 2σ without rescaling (std 0.88·√(2/fan_in)); ours rescales as TF 2 does.
    for (const [model, layer, fanIn] of [
      [buildModel('mlp', { ...MNIST, inputShape: [512] }), 'dense1', 512],
      [buildModel('cnn', MNIST), 'conv2', 9 * 32],
      [buildModel('resnet20', CIFAR), 'stage3_block1_conv2', 9 * 64],
      [buildModel('mlp', { ...MNIST, inputShape: [512] }), 'logits', 256],
    ] as const) {
      const kernel = model.getLayer(layer).getWeights()[0]!;
      const { mean, variance } = tf.moments(kernel);
      const std = Math.sqrt(2 / fanIn);
      expect(Math.abs(mean.dataSync()[0]!)).toBeLessThan(std / 20);
      expect(Math.sqrt(variance.dataSync()[0]!) / std).toBeCloseTo(1, 1);
      // Truncated at 2·std/0.8796 ≈ 2.27 std: no sample beyond it, and some beyond 2 std (untruncated at 2σ).
      const values = kernel.dataSync();
      const extreme = values.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
      expect(extreme).toBeLessThanOrEqual((2 * std) / 0.87962566 + 1e-6);
      expect(extreme).toBeGreaterThan(2 * std);
      tf.dispose([mean, variance]);
      model.dispose();
    }
  });

  it('starts the logits bias at the prior -log(C - 1) for finalBias prior (sigmoid, focal), 0 for zero (softmax)', () => {
    expect(['sigmoid', 'focal'].map((m) => resolveMethod(m).finalBias)).toEqual(['prior', 'prior']);
    expect(resolveMethod('softmax').finalBias).toBe('zero');
    for (const finalBias of ['prior', 'zero'] as const) {
      const model = buildModel('resnet20', { ...CIFAR, numClasses: 100, finalBias });
      const bias = Array.from(model.getLayer('logits').getWeights()[1]!.dataSync());
      const expected = finalBias === 'zero' ? 0 : -Math.log(99);
      expect(bias).toHaveLength(100);
      bias.forEach((b) => expect(b).toBeCloseTo(expected, 5));
      model.dispose();
    }
    // With the prior bias, a zero input gives sigmoid(logit) = 1/C for every class (resnet's pooled features are
    // not zero, so check on the mlp with zero input: relu(0) = 0, logits = bias).
    const mlp = buildModel('mlp', { ...MNIST, inputShape: [4], finalBias: 'prior' });
    const p = tf.tidy(() => tf.sigmoid(mlp.predict(tf.zeros([1, 4])) as tf.Tensor).dataSync());
    p.forEach((v) => expect(v).toBeCloseTo(1 / 10, 6));
    mlp.dispose();
  });

  it('back-propagates: every trainable variable gets a finite, non-zero gradient (training mode)', () => {
    const model = buildModel('resnet20', { ...CIFAR, inputShape: [8, 8, 3], numClasses: 4, finalBias: 'prior' });
    const before = tf.memory().numTensors;
    const x = tf.randomNormal([3, 8, 8, 3], 0, 1, 'float32', 11);
    const y = tf.tidy(() => tf.cast(tf.oneHot(tf.tensor1d([0, 1, 3], 'int32'), 4), 'float32'));
    const vars = model.trainableWeights.map((w) => w.read());
    const { value, grads } = tf.variableGrads(() => {
      const logits = model.apply(x, { training: true }) as tf.Tensor;
      return tf.losses.sigmoidCrossEntropy(y, logits) as tf.Scalar;
    }, vars);
    expect(Number.isFinite(value.dataSync()[0]!)).toBe(true);
    expect(Object.keys(grads)).toHaveLength(vars.length);
    for (const v of vars) {
      const g = grads[v.name]!.dataSync();
      expect(Array.from(g).every(Number.isFinite), v.name).toBe(true);
      expect(Array.from(g).some((e) => e !== 0), v.name).toBe(true);
    }
    tf.dispose([x, y, value, ...Object.values(grads)]);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  it('survives a save/load round trip (topology JSON with the prior-bias initializer and option-A shortcut layers)', async () => {
    const model = buildModel('resnet20', { ...CIFAR, inputShape: [8, 8, 3], numClasses: 4, finalBias: 'prior' });
    let artifacts: tf.io.ModelArtifacts | undefined;
    await model.save(
      tf.io.withSaveHandler(async (a) => {
        artifacts = a;
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      }),
    );
    const loaded = await tfl.loadLayersModel(tf.io.fromMemory(artifacts!));
    expect(loaded.trainableWeights).toHaveLength(model.trainableWeights.length);
    expect(loaded.getLayer('stage2_block1_shortcut').getClassName()).toBe('CblossOptionAShortcut');
    expect(loaded.weights).toHaveLength(model.weights.length);
    const x = tf.randomNormal([2, 8, 8, 3], 0, 1, 'float32', 2);
    const diff = tf.tidy(() => tf.max(tf.abs(tf.sub(model.predict(x) as tf.Tensor, loaded.predict(x) as tf.Tensor))).dataSync()[0]);
    expect(diff).toBe(0);
    tf.dispose(x);
    model.dispose();
    loaded.dispose();
  });

  it('leaks no tensors: building then disposing a model restores the tensor count', () => {
    const before = tf.memory().numTensors;
    buildModel('resnet32', { ...CIFAR, finalBias: 'prior' }).dispose();
    buildModel('cnn', MNIST).dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects bad options with CblossError', () => {
    const bad = (name: string, options: Partial<BuildModelOptions>, pattern: RegExp, code: string): void => {
      let caught: unknown;
      try {
        buildModel(name as never, { ...CIFAR, ...options }).dispose();
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(CblossError);
      expect((caught as CblossError).code).toBe(code);
      expect((caught as Error).message).toMatch(pattern);
    };
    bad('resnet32', { numClasses: 1 }, /^buildModel: 'numClasses' must be an integer >= 2; got 1\.$/, 'invalid-argument');
    bad('resnet32', { numClasses: 2.5 }, /'numClasses' must be an integer >= 2; got 2.5/, 'invalid-argument');
    bad('resnet32', { inputShape: [784] }, /^buildModel: 'inputShape' must be \[H, W, C\] for model 'resnet32'; got \[784\]\.$/, 'shape-mismatch');
    bad('cnn', { inputShape: [3, 3, 1] }, /H, W >= 4/, 'shape-mismatch');
    bad('mlp', { inputShape: [0] }, /'inputShape' must be a non-empty list of positive integers/, 'invalid-argument');
    bad('mlp', { finalBias: 'hinge' as never }, /'finalBias' must be one of zero, prior; got 'hinge'/, 'unknown-name');
    bad('mlp', { seed: 0.5 }, /'seed' must be an integer; got 0.5/, 'invalid-argument');
    bad('resnet33', {}, /^resolveModelName: 'name' must be one of resnet20, .*; got 'resnet33'/, 'unknown-name');
  });
});

describe('resolveModelName', () => {
  it('accepts every name, case-insensitively', () => {
    for (const name of MODEL_NAMES) expect(resolveModelName(name.toUpperCase())).toBe(name);
  });

  it('suggests the nearest valid name', () => {
    expect(() => resolveModelName('resnet23')).toThrow(/did you mean 'resnet20'|did you mean 'resnet32'/);
    expect(() => resolveModelName('mpl')).toThrow(/did you mean 'mlp'/);
    const error = (() => {
      try {
        return resolveModelName('vgg');
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(CblossError);
    expect((error as CblossError).code).toBe('unknown-name');
    expect((error as Error).message).not.toContain('did you mean');
  });
});

describe('weightDecayVariables', () => {
  it('decays every trainable variable for softmax; all but the logits bias for sigmoid/focal', () => {
    const model = buildModel('resnet20', CIFAR);
    const trainable = model.trainableWeights.map((w) => w.read());
    const bias = model.getLayer('logits').trainableWeights[1]!.read();
    const softmax = weightDecayVariables(model, resolveMethod('softmax').finalBias);
    expect(softmax).toEqual(trainable);
    for (const method of ['sigmoid', 'focal'] as const) {
      const decayed = weightDecayVariables(model, resolveMethod(method).finalBias);
      expect(decayed).toHaveLength(trainable.length - 1);
      expect(decayed).not.toContain(bias);
      expect(decayed).toContain(model.getLayer('logits').trainableWeights[0]!.read());
    }
    // Frozen weights (BN moving statistics) never appear.
    const frozen = model.nonTrainableWeights.map((w) => w.read());
    expect(frozen.length).toBeGreaterThan(0);
    for (const v of frozen) expect(softmax).not.toContain(v);
    // Returned objects are live tf.Variables (what an optimizer updates).
    expect(softmax.every((v) => v instanceof tf.Variable)).toBe(true);
    // Names match the LayerVariables' (what the training loop keys on).
    expect(softmax.map((v) => v.name)).toEqual(model.trainableWeights.map((w) => w.name));
    expect(() => weightDecayVariables(model, 'hinge' as never)).toThrow(/^weightDecayVariables: 'finalBias' must be one of zero, prior; got 'hinge'\.$/);
    model.dispose();
  });
});
