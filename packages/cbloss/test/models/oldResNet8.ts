import * as tfl from '@tensorflow/tfjs-layers';
import { heNormal } from '../../src/models/heNormal.js';
import { OptionAShortcut } from '../../src/models/OptionAShortcut.js';
import { BN_EPSILON, BN_MOMENTUM, type ModelSpec } from '../../src/models/resnet.js';

type Symbolic = tfl.SymbolicTensor;

/**
 * ResNet-8 as buildResNet built it just before the fused layer (conv2d, batchNormalization and reLU layers, an
 * explicit zero-padding layer before each stride-2 convolution, the weightless option-A shortcut; today's
 * initialiser): the layout of models saved by earlier versions (0.1's frozen Conv2D shortcut is main's own test of loadRunModel).
 */
export function oldResNet8(spec: ModelSpec): tfl.LayersModel {
  const convBn = (x: Symbolic, name: string, filters: number, strides: number): Symbolic => {
    let input = x;
    let padding: 'same' | 'valid' = 'same';
    if (strides > 1) {
      input = tfl.layers.zeroPadding2d({ padding: [[1, 1], [1, 1]], name: `${name}_pad` }).apply(x) as Symbolic;
      padding = 'valid';
    }
    const conv = tfl.layers
      .conv2d({ name, filters, kernelSize: 3, strides, padding, useBias: false, kernelInitializer: heNormal(spec.seed, name) })
      .apply(input) as Symbolic;
    return tfl.layers.batchNormalization({ name: `${name}_bn`, momentum: BN_MOMENTUM, epsilon: BN_EPSILON }).apply(conv) as Symbolic;
  };
  const relu = (x: Symbolic, name: string): Symbolic => tfl.layers.reLU({ name }).apply(x) as Symbolic;
  const input = tfl.input({ shape: [...spec.inputShape], name: 'input' });
  let x = relu(convBn(input, 'conv1', 16, 1), 'conv1_relu');
  let inFilters = 16;
  [16, 32, 64].forEach((filters, stage) => {
    const strides = stage > 0 ? 2 : 1;
    const prefix = `stage${stage + 1}_block1`;
    const h = relu(convBn(x, `${prefix}_conv1`, filters, strides), `${prefix}_relu1`);
    const y = convBn(h, `${prefix}_conv2`, filters, 1);
    let shortcut = x;
    if (strides !== 1 || inFilters !== filters) {
      shortcut = new OptionAShortcut({ filters, name: `${prefix}_shortcut` }).apply(x) as Symbolic;
    }
    x = relu(tfl.layers.add({ name: `${prefix}_add` }).apply([y, shortcut]) as Symbolic, `${prefix}_relu2`);
    inFilters = filters;
  });
  const pooled = tfl.layers.globalAveragePooling2d({ name: 'pool' }).apply(x) as Symbolic;
  const logits = tfl.layers.dense({ name: 'logits', units: spec.numClasses, kernelInitializer: heNormal(spec.seed, 'logits') }).apply(pooled);
  return tfl.model({ inputs: input, outputs: logits as Symbolic, name: 'resnet8' });
}

