// The benchmark's tf.js models, built with @tensorflow/tfjs-layers; same architectures as torch_bench.py.
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { convBatchNorm } from 'tfjs-backend-libtorch/ops';

/**
 * conv (no bias) → batch norm (→ ReLU) as one layer over `convBatchNorm` (tfjs-backend-libtorch/ops): one native
 * kernel forward and one backward on the libtorch backend, tfjs-layers' own ops elsewhere. Same weights,
 * initialisers and moving-average update as a conv2d layer (glorotUniform kernel, 'same' padding) followed by
 * tfjs-layers' batchNormalization with its defaults (momentum 0.99, epsilon 1e-3).
 */
class ConvBn extends tfl.layers.Layer {
  static className = 'BenchConvBn';

  constructor({ filters, kernelSize, strides, relu }) {
    super({});
    Object.assign(this, { filters, kernelSize, strides, relu, momentum: 0.99, epsilon: 1e-3 });
  }

  build(inputShape) {
    const k = this.kernelSize;
    this.kernel = this.addWeight('kernel', [k, k, inputShape[inputShape.length - 1], this.filters], 'float32', tfl.initializers.glorotUniform({}));
    this.gamma = this.addWeight('gamma', [this.filters], 'float32', tfl.initializers.ones());
    this.beta = this.addWeight('beta', [this.filters], 'float32', tfl.initializers.zeros());
    this.movingMean = this.addWeight('moving_mean', [this.filters], 'float32', tfl.initializers.zeros(), undefined, false);
    this.movingVariance = this.addWeight('moving_variance', [this.filters], 'float32', tfl.initializers.ones(), undefined, false);
    this.built = true;
  }

  computeOutputShape(s) {
    return [s[0], s[1] === null ? null : Math.ceil(s[1] / this.strides), s[2] === null ? null : Math.ceil(s[2] / this.strides), this.filters];
  }

  call(inputs, kwargs) {
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    const training = kwargs.training === true;
    const options = { strides: this.strides, pad: 'same', epsilon: this.epsilon, activation: this.relu ? 'relu' : 'linear', training };
    if (!training) Object.assign(options, { movingMean: this.movingMean.read(), movingVariance: this.movingVariance.read() });
    const { y, mean, variance } = convBatchNorm(x, this.kernel.read(), this.gamma.read(), this.beta.read(), options);
    if (training) {
      // tfjs-layers' batchNormalization update: moving − (moving − batch) · (1 − momentum)
      for (const [v, value] of [[this.movingMean, mean], [this.movingVariance, variance]]) {
        tf.tidy(() => {
          const old = v.read();
          v.write(tf.sub(old, tf.mul(tf.sub(old, value), 1 - this.momentum)));
        });
      }
    }
    mean.dispose();
    variance.dispose();
    return y;
  }

  getConfig() {
    return { ...super.getConfig(), filters: this.filters, kernelSize: this.kernelSize, strides: this.strides, relu: this.relu };
  }
}

/** conv3x3 32 relu – maxpool2 – conv3x3 64 relu – maxpool2 – dense 128 relu – dense 10 ('same' convs), 28x28x1. */
export function smallCnn() {
  return tfl.sequential({
    layers: [
      tfl.layers.conv2d({ inputShape: [28, 28, 1], filters: 32, kernelSize: 3, padding: 'same', activation: 'relu' }),
      tfl.layers.maxPooling2d({ poolSize: 2, strides: 2 }),
      tfl.layers.conv2d({ filters: 64, kernelSize: 3, padding: 'same', activation: 'relu' }),
      tfl.layers.maxPooling2d({ poolSize: 2, strides: 2 }),
      tfl.layers.flatten(),
      tfl.layers.dense({ units: 128, activation: 'relu' }),
      tfl.layers.dense({ units: 10 }),
    ],
  });
}

/**
 * CIFAR ResNet-(6n+2) (n = 5: ResNet-32): conv3x3 16 – 3 stages × n basic blocks (16/32/64 filters, the
 * first block of stages 2 and 3 at stride 2 with a 1x1 conv + batch-norm projection shortcut) – global
 * average pooling – dense 10. Batch norm after every conv (tfjs defaults: momentum 0.99, epsilon 1e-3).
 * `fused` (default): each conv → batch norm (→ ReLU) is one {@link ConvBn} layer; false: tfjs-layers' conv2d,
 * batchNormalization and reLU layers (the same computation, as before the fused op).
 */
export function resnetCifar(n = 5, { fused = true } = {}) {
  const convBn = (x, filters, strides, kernelSize = 3, relu = false) => {
    if (fused) return new ConvBn({ filters, kernelSize, strides, relu }).apply(x);
    const y = tfl.layers.conv2d({ filters, kernelSize, strides, padding: 'same', useBias: false }).apply(x);
    const normed = tfl.layers.batchNormalization().apply(y);
    return relu ? tfl.layers.reLU().apply(normed) : normed;
  };
  const input = tfl.input({ shape: [32, 32, 3] });
  let x = convBn(input, 16, 1, 3, true);
  let inFilters = 16;
  [16, 32, 64].forEach((filters, stage) => {
    for (let b = 0; b < n; b++) {
      const strides = stage > 0 && b === 0 ? 2 : 1;
      const h = convBn(x, filters, strides, 3, true);
      const y = convBn(h, filters, 1);
      const shortcut = strides !== 1 || inFilters !== filters ? convBn(x, filters, strides, 1) : x;
      x = tfl.layers.reLU().apply(tfl.layers.add().apply([y, shortcut]));
      inFilters = filters;
    }
  });
  const pooled = tfl.layers.globalAveragePooling2d({}).apply(x);
  return tfl.model({ inputs: input, outputs: tfl.layers.dense({ units: 10 }).apply(pooled) });
}
