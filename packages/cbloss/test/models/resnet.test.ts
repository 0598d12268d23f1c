import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildResNet, LOGITS_LAYER_NAME, type ModelSpec } from '../../src/models/resnet.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function spec(overrides: Partial<ModelSpec> = {}): ModelSpec {
  return { inputShape: [32, 32, 3], numClasses: 10, logitsBiasInitializer: 'zeros', seed: 1, ...overrides };
}

function trainableCount(model: tfl.LayersModel): number {
  return model.trainableWeights.reduce((sum, w) => sum + w.shape.reduce((a, b) => (a ?? 1) * (b ?? 1), 1)!, 0);
}

/** Trainable parameters of an option-A CIFAR ResNet of depth 6n+2, counted by hand from the architecture. */
function expectedResNetParams(depth: number, inChannels: number, classes: number): number {
  const n = (depth - 2) / 6;
  const conv = (cin: number, cout: number): number => 9 * cin * cout;
  const bn = (c: number): number => 2 * c;
  let total = conv(inChannels, 16) + bn(16);
  let cin = 16;
  for (const c of [16, 32, 64]) {
    for (let b = 0; b < n; b++) {
      total += conv(cin, c) + bn(c) + conv(c, c) + bn(c);
      cin = c;
    }
  }
  return total + 64 * classes + classes;
}

describe('buildResNet', () => {
  it('has the trainable parameter counts of the CIFAR ResNets (option A)', () => {
    // Published figures: ResNet-20 0.27M, ResNet-32 0.46M (He et al. 2016, Table 6).
    const r20 = buildResNet(20, spec());
    const r32 = buildResNet(32, spec());
    expect(trainableCount(r20)).toBe(269722);
    expect(trainableCount(r32)).toBe(464154);
    expect(trainableCount(r32)).toBe(expectedResNetParams(32, 3, 10));
    expect(trainableCount(buildResNet(20, spec({ numClasses: 100 })))).toBe(expectedResNetParams(20, 3, 100));
    r20.dispose();
    r32.dispose();
  });

  it('has 6n+2 weighted layers', () => {
    const model = buildResNet(32, spec());
    // Every conv3x3 is a fused conv → batch norm (→ ReLU) layer; the frozen option-A shortcuts do not count.
    const convs = model.layers.filter((l) => l.getClassName() === 'CblossConvBatchNorm' && l.trainable);
    expect(model.layers.filter((l) => l.getClassName() === 'Conv2D' && l.trainable)).toHaveLength(0);
    const denses = model.layers.filter((l) => l.getClassName() === 'Dense');
    expect(convs.length + denses.length).toBe(32);
    expect(model.outputs[0]!.shape).toEqual([null, 10]);
    model.dispose();
  });

  it('downsamples 32 -> 16 -> 8 and also handles odd sizes (28x28x1 -> 14 -> 7; 7x7 -> 4)', () => {
    const model = buildResNet(20, spec({ inputShape: [28, 28, 1] }));
    const last = model.getLayer('stage3_block3_relu2');
    expect(last.outputShape).toEqual([null, 7, 7, 64]);
    const out = model.predict(tf.zeros([2, 28, 28, 1])) as tf.Tensor;
    expect(out.shape).toEqual([2, 10]);
    out.dispose();
    model.dispose();
    const cifar = buildResNet(20, spec());
    expect(cifar.getLayer('stage2_block1_relu2').outputShape).toEqual([null, 16, 16, 32]);
    expect(cifar.getLayer('stage3_block1_relu2').outputShape).toEqual([null, 8, 8, 64]);
    cifar.dispose();
    const odd = buildResNet(20, spec({ inputShape: [14, 14, 3] }));
    expect(odd.getLayer('stage3_block1_relu2').outputShape).toEqual([null, 4, 4, 64]);
    const y = odd.predict(tf.ones([1, 14, 14, 3])) as tf.Tensor;
    expect(y.shape).toEqual([1, 10]);
    y.dispose();
    odd.dispose();
  });

  it('option-A shortcut = 2x2 average pool then zero-padded channels', () => {
    const model = buildResNet(20, spec({ inputShape: [4, 4, 16] }));
    const layer = model.getLayer('stage2_block1_shortcut');
    expect(layer.getClassName()).toBe('CblossOptionAShortcut');
    expect(layer.weights).toHaveLength(0);
    const x = tf.randomNormal([1, 4, 4, 16], 0, 1, 'float32', 3);
    const y = layer.apply(x) as tf.Tensor;
    const pooled = tf.avgPool(x as tf.Tensor4D, 2, 2, 'valid');
    const expected = tf.pad(pooled, [[0, 0], [0, 0], [0, 0], [8, 8]]);
    expect(y.shape).toEqual([1, 2, 2, 32]);
    const diff = tf.max(tf.abs(tf.sub(y, expected))).dataSync()[0]!;
    expect(diff).toBeLessThan(1e-6);
    tf.dispose([x, y, pooled, expected]);
    model.dispose();
  });

  it('batch norm: momentum 0.9 (moving mean = 0.9·old + 0.1·batch mean in training mode, moving variance likewise, biased), epsilon 1e-5', () => {
    const model = buildResNet(20, spec({ inputShape: [4, 4, 3] }));
    // conv1 → conv1_bn → ReLU is one ConvBatchNorm layer: the batch statistics are those of its convolution.
    const layer = model.getLayer('conv1');
    expect(layer.getConfig()).toMatchObject({ momentum: 0.9, epsilon: 1e-5, activation: 'relu' });
    const x = tf.randomNormal([2, 4, 4, 3], 0, 1, 'float32', 5);
    const kernel = layer.getWeights()[0] as tf.Tensor4D;
    const { mean, variance } = tf.moments(tf.conv2d(x as tf.Tensor4D, kernel, 1, 'same'), [0, 1, 2]);
    tf.dispose(layer.apply(x, { training: true }) as tf.Tensor);
    const [, , , movingMean, movingVariance] = layer.getWeights() as tf.Tensor[];
    const m = mean.dataSync();
    const v = variance.dataSync();
    Array.from(movingMean!.dataSync()).forEach((value, c) => expect(value).toBeCloseTo(0.1 * m[c]!, 6));
    Array.from(movingVariance!.dataSync()).forEach((value, c) => expect(value).toBeCloseTo(0.9 + 0.1 * v[c]!, 6));
    tf.dispose([x, mean, variance]);
    model.dispose();
  });

  it('logits layer uses the given bias initializer', () => {
    const model = buildResNet(20, spec({ logitsBiasInitializer: tfl.initializers.constant({ value: -2 }) }));
    const bias = model.getLayer(LOGITS_LAYER_NAME).getWeights()[1]!;
    expect(Array.from(bias.dataSync())).toEqual(new Array(10).fill(-2));
    model.dispose();
  });
});
