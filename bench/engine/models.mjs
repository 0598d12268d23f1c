// The benchmark's tf.js models, built with @tensorflow/tfjs-layers; same architectures as torch_bench.py.
import * as tfl from '@tensorflow/tfjs-layers';

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
 */
export function resnetCifar(n = 5) {
  const convBn = (x, filters, strides, kernelSize = 3) => {
    const y = tfl.layers.conv2d({ filters, kernelSize, strides, padding: 'same', useBias: false }).apply(x);
    return tfl.layers.batchNormalization().apply(y);
  };
  const input = tfl.input({ shape: [32, 32, 3] });
  let x = tfl.layers.reLU().apply(convBn(input, 16, 1));
  let inFilters = 16;
  [16, 32, 64].forEach((filters, stage) => {
    for (let b = 0; b < n; b++) {
      const strides = stage > 0 && b === 0 ? 2 : 1;
      const h = tfl.layers.reLU().apply(convBn(x, filters, strides));
      const y = convBn(h, filters, 1);
      const shortcut = strides !== 1 || inFilters !== filters ? convBn(x, filters, strides, 1) : x;
      x = tfl.layers.reLU().apply(tfl.layers.add().apply([y, shortcut]));
      inFilters = filters;
    }
  });
  const pooled = tfl.layers.globalAveragePooling2d({}).apply(x);
  return tfl.model({ inputs: input, outputs: tfl.layers.dense({ units: 10 }).apply(pooled) });
}
