import * as tfl from '@tensorflow/tfjs-layers';
import { TRUNCATED_NORMAL_STD } from './heNormal.js';
import { layerSeed } from './layerSeed.js';
import { logitsLayer } from './logitsLayer.js';
import { BN_EPSILON, BN_MOMENTUM, LOGITS_LAYER_NAME, type ModelSpec } from './resnet.js';

/** Blocks per stage of the ImageNet ResNets with bottleneck blocks (He et al. 2016, Table 1). */
export const BOTTLENECK_STAGES = {
  50: [3, 4, 6, 3],
  101: [3, 4, 23, 3],
  152: [3, 8, 36, 3],
} as const satisfies Record<number, readonly [number, number, number, number]>;

/** 50, 101 or 152: the depths of {@link BOTTLENECK_STAGES}. */
export type BottleneckDepth = keyof typeof BOTTLENECK_STAGES;

type Symbolic = tfl.SymbolicTensor;

/**
 * The paper's code (TF1 `tf.variance_scaling_initializer()`, distribution 'truncated_normal'): a normal truncated at 2σ
 * of the draw with standard deviation √(1/fan_in) — TF divides the draw's σ by {@link TRUNCATED_NORMAL_STD} so that
 * the truncated samples keep that variance; tfjs-layers' 'normal' does not, hence the scale. Seeded per layer.
 */
const kernelInit = (seed: number, name: string): ReturnType<typeof tfl.initializers.varianceScaling> =>
  tfl.initializers.varianceScaling({ scale: 1 / TRUNCATED_NORMAL_STD ** 2, mode: 'fanIn', distribution: 'normal', seed: layerSeed(seed, name) });

/**
 * Convolution without bias then batch norm, with the paper code's fixed padding: a strided `k × k` conv pads
 * `⌊(k−1)/2⌋` before and `k−1−⌊(k−1)/2⌋` after explicitly then runs 'valid', so output pixel `i` is centred on
 * input pixel `2i` whatever the size ('same' would pad only after on even sizes).
 */
function convBn(x: Symbolic, name: string, filters: number, kernelSize: number, strides: number, seed: number, zeroGamma = false): Symbolic {
  let input = x;
  let padding: 'same' | 'valid' = 'same';
  if (strides > 1) {
    const before = Math.floor((kernelSize - 1) / 2);
    const after = kernelSize - 1 - before;
    if (kernelSize > 1) input = tfl.layers.zeroPadding2d({ padding: [[before, after], [before, after]], name: `${name}_pad` }).apply(x) as Symbolic;
    padding = 'valid';
  }
  const conv = tfl.layers
    .conv2d({ name, filters, kernelSize, strides, padding, useBias: false, kernelInitializer: kernelInit(seed, name) })
    .apply(input) as Symbolic;
  return tfl.layers
    .batchNormalization({
      name: `${name}_bn`,
      momentum: BN_MOMENTUM,
      epsilon: BN_EPSILON,
      gammaInitializer: zeroGamma ? 'zeros' : 'ones',
    })
    .apply(conv) as Symbolic;
}

const relu = (x: Symbolic, name: string): Symbolic => tfl.layers.reLU({ name }).apply(x) as Symbolic;

/**
 * An ImageNet ResNet-50/101/152 (He et al. 2016) as the paper's TPU code builds it (`resnet_model.py` of
 * Cui et al.'s repository, post-activation "v1"):
 *
 * - stem: conv 7×7/2 (64) – BN – ReLU – max-pool 3×3/2 ('same');
 * - 4 stages of bottleneck blocks, `BOTTLENECK_STAGES[depth]` blocks with 64/128/256/512 filters (×4 out),
 *   stride 2 at the first block of stages 2–4. Block: conv 1×1 – BN – ReLU – conv 3×3 – BN – ReLU – conv 1×1
 *   (4×) – BN, plus the shortcut, then ReLU. **The stride sits on the 3×3 conv** (as the paper's code, and
 *   torchvision's "v1.5"; the original paper put it on the first 1×1). The shortcut is the identity, except at
 *   each stage's first block: a 1×1 projection conv (with the block's stride) – BN;
 * - the last BN γ of every block starts at zero (so each block starts as the identity, Goyal et al. 2017);
 * - global average pooling and the `logits` dense layer: kernel N(0, 0.01), bias `spec.logitsBiasInitializer`
 *   (the paper's code: −log(C − 1) for sigmoid/focal; zeros for softmax).
 * Convolution kernels: truncated normal, std √(1/fan_in) (TF's variance-scaling default in the paper's code),
 * seeded per layer from `spec.seed`. BN momentum 0.9, epsilon 1e-5. Trainable parameters at 1000 classes:
 * 25,557,032 / 44,549,160 / 60,192,808, as torchvision's resnet50/101/152.
 * Layers: `conv1` (+ `_pad`, `_bn`, `_relu`), `pool1`, `stage{s}_block{b}_conv{1,2,3}` (+ `_bn`, `_relu`,
 * `_pad`), `stage{s}_block1_shortcut` (+ `_bn`), `stage{s}_block{b}_add`, `_out`, `pool`, `logits`.
 *
 * @example
 * const model = buildBottleneckResNet(50, { inputShape: [224, 224, 3], numClasses: 8142, logitsBiasInitializer: 'zeros', seed: 1 });
 * model.outputs[0].shape; // [null, 8142]
 */
export function buildBottleneckResNet(depth: BottleneckDepth, spec: ModelSpec): tfl.LayersModel {
  const input = tfl.input({ shape: [...spec.inputShape], name: 'input' });
  let x = relu(convBn(input, 'conv1', 64, 7, 2, spec.seed), 'conv1_relu');
  x = tfl.layers.maxPooling2d({ name: 'pool1', poolSize: 3, strides: 2, padding: 'same' }).apply(x) as Symbolic;
  BOTTLENECK_STAGES[depth].forEach((blocks, stage) => {
    const filters = 64 * 2 ** stage;
    for (let block = 0; block < blocks; block++) {
      const strides = stage > 0 && block === 0 ? 2 : 1;
      const prefix = `stage${stage + 1}_block${block + 1}`;
      const shortcut = block === 0 ? convBn(x, `${prefix}_shortcut`, 4 * filters, 1, strides, spec.seed) : x;
      let h = relu(convBn(x, `${prefix}_conv1`, filters, 1, 1, spec.seed), `${prefix}_conv1_relu`);
      h = relu(convBn(h, `${prefix}_conv2`, filters, 3, strides, spec.seed), `${prefix}_conv2_relu`);
      h = convBn(h, `${prefix}_conv3`, 4 * filters, 1, 1, spec.seed, true);
      x = relu(tfl.layers.add({ name: `${prefix}_add` }).apply([h, shortcut]) as Symbolic, `${prefix}_out`);
    }
  });
  const pooled = tfl.layers.globalAveragePooling2d({ name: 'pool' }).apply(x) as Symbolic;
  // LDAM's normalised classifier when the method asks for it (logitsLayer's CosineDense), else the paper's dense head.
  const head =
    spec.classifier === 'cosine'
      ? logitsLayer(spec)
      : tfl.layers.dense({
          name: LOGITS_LAYER_NAME,
          units: spec.numClasses,
          kernelInitializer: tfl.initializers.randomNormal({ mean: 0, stddev: 0.01, seed: layerSeed(spec.seed, LOGITS_LAYER_NAME) }),
          biasInitializer: spec.logitsBiasInitializer,
        });
  const logits = head.apply(pooled) as Symbolic;
  return tfl.model({ inputs: input, outputs: logits, name: `resnet${depth}` });
}
