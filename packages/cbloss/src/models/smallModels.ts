import * as tfl from '@tensorflow/tfjs-layers';
import { heNormal } from './heNormal.js';
import { logitsLayer } from './logitsLayer.js';
import type { ModelSpec } from './resnet.js';

type Symbolic = tfl.SymbolicTensor;

function dense(x: Symbolic, name: string, units: number, seed: number, activation: 'relu' | 'linear'): Symbolic {
  return tfl.layers.dense({ name, units, activation, kernelInitializer: heNormal(seed, name) }).apply(x) as Symbolic;
}

function logits(x: Symbolic, spec: ModelSpec): Symbolic {
  return logitsLayer(spec).apply(x) as Symbolic;
}

/**
 * A small CNN for 28x28x1 images (any HxWxC with H, W >= 4 works): conv3x3(32)-ReLU, maxpool 2,
 * conv3x3(64)-ReLU, maxpool 2, flatten, dense 128 ReLU, dense C (logits). 'same' padding, He-normal kernels.
 * For 28x28x1 and 10 classes: 421,642 parameters. Use {@link buildModel}, which validates its options.
 *
 * @example
 * buildCnn({ inputShape: [28, 28, 1], numClasses: 10, logitsBiasInitializer: 'zeros', seed: 1 }).countParams(); // 421642
 */
export function buildCnn(spec: ModelSpec): tfl.LayersModel {
  const input = tfl.input({ shape: [...spec.inputShape], name: 'input' });
  let x: Symbolic = input;
  [32, 64].forEach((filters, i) => {
    const name = `conv${i + 1}`;
    x = tfl.layers
      .conv2d({ name, filters, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: heNormal(spec.seed, name) })
      .apply(x) as Symbolic;
    x = tfl.layers.maxPooling2d({ name: `pool${i + 1}`, poolSize: 2, strides: 2 }).apply(x) as Symbolic;
  });
  x = tfl.layers.flatten({ name: 'flatten' }).apply(x) as Symbolic;
  x = dense(x, 'dense1', 128, spec.seed, 'relu');
  return tfl.model({ inputs: input, outputs: logits(x, spec), name: 'cnn' });
}

/**
 * A multi-layer perceptron: (flatten when the input is not a vector), dense 256 ReLU, dense 256 ReLU,
 * dense C (logits). He-normal kernels. For 784 inputs and 10 classes: 269,322 parameters.
 *
 * @example
 * buildMlp({ inputShape: [784], numClasses: 10, logitsBiasInitializer: 'zeros', seed: 1 }).countParams(); // 269322
 */
export function buildMlp(spec: ModelSpec): tfl.LayersModel {
  const input = tfl.input({ shape: [...spec.inputShape], name: 'input' });
  let x: Symbolic = input;
  if (spec.inputShape.length > 1) x = tfl.layers.flatten({ name: 'flatten' }).apply(x) as Symbolic;
  x = dense(x, 'dense1', 256, spec.seed, 'relu');
  x = dense(x, 'dense2', 256, spec.seed, 'relu');
  return tfl.model({ inputs: input, outputs: logits(x, spec), name: 'mlp' });
}
