import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBottleneckResNet, type BottleneckDepth } from '../../src/models/resnetBottleneck.js';
import { LOGITS_LAYER_NAME, type ModelSpec } from '../../src/models/resnet.js';

const spec = (overrides: Partial<ModelSpec> = {}): ModelSpec => ({
  inputShape: [64, 64, 3],
  numClasses: 1000,
  logitsBiasInitializer: 'zeros',
  seed: 1,
  ...overrides,
});

const trainableCount = (model: tfl.LayersModel): number =>
  model.trainableWeights.reduce((sum, w) => sum + w.shape.reduce((a, b) => a * b, 1), 0);

const kernel = (m: tfl.LayersModel, name: string): Float32Array => m.getLayer(name).getWeights()[0]!.dataSync() as Float32Array;

let r50: tfl.LayersModel;
beforeAll(async () => {
  await tf.setBackend('cpu');
  r50 = buildBottleneckResNet(50, spec());
});
afterAll(() => r50.dispose());

describe('buildBottleneckResNet', () => {
  it("has torchvision's parameter counts at 1000 classes (resnet50 25,557,032; resnet101 44,549,160; resnet152 60,192,808)", () => {
    expect(trainableCount(r50)).toBe(25_557_032);
    // (Building the deeper two takes seconds: they initialise 45M and 60M weights.)
    const expected: Record<101 | 152, number> = { 101: 44_549_160, 152: 60_192_808 };
    for (const depth of [101, 152] as const satisfies BottleneckDepth[]) {
      // Seeded per layer name: ResNet-101 with seed 1 shares ResNet-50's kernel of a layer of the same name and
      // shape; ResNet-152 with seed 2 does not.
      const seed = depth === 101 ? 1 : 2;
      const model = buildBottleneckResNet(depth, spec({ inputShape: [32, 32, 3], seed }));
      expect(trainableCount(model)).toBe(expected[depth]);
      const convs = model.layers.filter((l) => l.getClassName() === 'Conv2D' && !l.name.endsWith('_shortcut'));
      expect(convs.length + 1).toBe(depth); // the weighted layers that name the depth: convs (not projections) + dense
      const same = Array.from(kernel(model, 'stage3_block2_conv2')).every((v, i) => v === kernel(r50, 'stage3_block2_conv2')[i]);
      expect(same).toBe(seed === 1);
      model.dispose();
    }
  });

  it('downsamples /2 (7x7 conv), /2 (max-pool), then /2 at stages 2-4, with the stride on the 3x3 conv', () => {
    const side = (name: string): unknown => r50.getLayer(name).outputShape;
    expect(side('conv1_relu')).toEqual([null, 32, 32, 64]);
    expect(side('pool1')).toEqual([null, 16, 16, 64]);
    expect(side('stage1_block3_out')).toEqual([null, 16, 16, 256]);
    expect(side('stage2_block1_conv1_relu')).toEqual([null, 16, 16, 128]); // the 1x1 keeps the resolution
    expect(side('stage2_block1_conv2_relu')).toEqual([null, 8, 8, 128]); // the 3x3 halves it
    expect(side('stage3_block6_out')).toEqual([null, 4, 4, 1024]);
    expect(side('stage4_block3_out')).toEqual([null, 2, 2, 2048]);
    const strides = (name: string): unknown => (r50.getLayer(name).getConfig() as { strides: unknown }).strides;
    expect(strides('stage2_block1_conv1')).toEqual([1, 1]);
    expect(strides('stage2_block1_conv2')).toEqual([2, 2]);
    expect(strides('stage2_block1_shortcut')).toEqual([2, 2]);
    expect(strides('stage1_block1_conv2')).toEqual([1, 1]);
    // 224 px: 112 after the stem conv (pad 3 + valid), 7x7 at the end, as the paper's code.
    const full = buildBottleneckResNet(50, spec({ inputShape: [224, 224, 3], numClasses: 10 }));
    expect(full.getLayer('conv1').outputShape).toEqual([null, 112, 112, 64]);
    expect(full.getLayer('stage4_block3_out').outputShape).toEqual([null, 7, 7, 2048]);
    full.dispose();
  });

  it('starts every block’s last BN γ at zero (other γ at one), so each block starts as relu(shortcut)', () => {
    const bns = r50.layers.filter((l) => l.getClassName() === 'BatchNormalization');
    expect(bns.length).toBe(1 + 16 * 3 + 4);
    for (const bn of bns) {
      const gamma = bn.getWeights()[0]!.dataSync();
      const expected = bn.name.endsWith('_conv3_bn') ? 0 : 1;
      expect(gamma.every((g) => g === expected)).toBe(true);
    }
    // With γ = 0 (and β = 0, inference statistics 0/1) a non-first block outputs relu(its input) = its input.
    const output = (name: string): tfl.SymbolicTensor => r50.getLayer(name).output as tfl.SymbolicTensor;
    const probe = tfl.model({ inputs: r50.inputs, outputs: [output('stage1_block1_out'), output('stage1_block2_out'), output('stage1_block1_add')] });
    const x = tf.randomNormal([1, 64, 64, 3], 0, 1, 'float32', 3);
    const [blockIn, blockOut, add] = probe.predict(x) as tf.Tensor[];
    expect(tf.max(tf.abs(tf.sub(blockOut!, blockIn!))).dataSync()[0]).toBe(0);
    expect(tf.max(tf.abs(add!)).dataSync()[0]).toBeGreaterThan(0); // not trivially zero: the shortcut carries the signal
    tf.dispose([x, blockIn!, blockOut!, add!]);
  });

  it('logits: kernel N(0, 0.01), bias from the spec (−log(C−1) for sigmoid/focal); forward pass finite, no leaks', () => {
    const kernel = r50.getLayer(LOGITS_LAYER_NAME).getWeights()[0]!;
    expect(kernel.shape).toEqual([2048, 1000]);
    const values = kernel.dataSync();
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    const std = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length);
    expect(Math.abs(mean)).toBeLessThan(1e-4);
    expect(std).toBeGreaterThan(0.0099);
    expect(std).toBeLessThan(0.0101);
    const prior = -Math.log(9);
    const focal = buildBottleneckResNet(50, spec({ inputShape: [32, 32, 3], numClasses: 10, logitsBiasInitializer: tfl.initializers.constant({ value: prior }) }));
    expect(Array.from(focal.getLayer(LOGITS_LAYER_NAME).getWeights()[1]!.dataSync())).toEqual(new Array(10).fill(Math.fround(prior)));
    const before = tf.memory().numTensors;
    const out = tf.tidy(() => (focal.predict(tf.randomUniform([2, 32, 32, 3], -2, 2, 'float32', 1)) as tf.Tensor).arraySync() as number[][]);
    expect(tf.memory().numTensors).toBe(before);
    expect(out.length).toBe(2);
    expect(out.flat().every(Number.isFinite)).toBe(true);
    focal.dispose();
  });

  it("uses the cosine classifier (CosineDense, no bias) when the spec asks for it, as LDAM's method does", () => {
    const cosine = buildBottleneckResNet(50, spec({ inputShape: [32, 32, 3], numClasses: 10, classifier: 'cosine' }));
    const head = cosine.getLayer(LOGITS_LAYER_NAME);
    expect(head.getClassName()).toBe('CblossCosineDense');
    expect(head.getWeights().map((w) => w.shape)).toEqual([[2048, 10]]);
    const out = tf.tidy(() => (cosine.predict(tf.randomUniform([2, 32, 32, 3], -2, 2, 'float32', 1)) as tf.Tensor).arraySync() as number[][]);
    // Cosine logits are cosines of an angle: within [-1, 1].
    expect(out.flat().every((v) => Math.abs(v) <= 1 + 1e-5)).toBe(true);
    cosine.dispose();
  });

  it('initialises convolution kernels as the paper’s code: truncated normal with std √(1/fan_in), as TF rescales it', () => {
    // TF's truncated_normal variance scaling divides the draw's σ by 0.8796 so the truncated samples have std √(1/fan_in)
    // (tfjs' own 'normal' does not: 0.88 of it). The 3x3 conv of stage 3 has fan_in 9·256 (589,824 samples).
    const w = kernel(r50, 'stage3_block2_conv2');
    const target = Math.sqrt(1 / (9 * 256));
    const std = Math.sqrt(w.reduce((s, v) => s + v * v, 0) / w.length);
    expect(std / target).toBeGreaterThan(0.98);
    expect(std / target).toBeLessThan(1.02);
    // Truncated at 2σ of the draw, 2·target/0.8796 ≈ 2.27 target: none beyond, some beyond 2·target.
    const extreme = w.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
    expect(extreme).toBeLessThanOrEqual((2 * target) / 0.87962566 + 1e-6);
    expect(extreme).toBeGreaterThan(2 * target);
  });
});
