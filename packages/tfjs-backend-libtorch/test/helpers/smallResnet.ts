import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

/**
 * A small ResNet-20 (He et al. 2016, CIFAR variant: 3 stages x 3 basic blocks, conv-BN-ReLU, projection
 * shortcuts with stride 2, global average pooling, dense softmax), narrow so a step takes milliseconds.
 */
export function smallResnet20(inputShape: [number, number, number], classes: number, widths: [number, number, number] = [4, 8, 16]): tfl.LayersModel {
  const input = tfl.input({ shape: inputShape });
  const convBn = (x: tfl.SymbolicTensor, filters: number, strides: number, relu: boolean): tfl.SymbolicTensor => {
    let y = tfl.layers.conv2d({ filters, kernelSize: 3, strides, padding: 'same', useBias: false }).apply(x) as tfl.SymbolicTensor;
    y = tfl.layers.batchNormalization().apply(y) as tfl.SymbolicTensor;
    return relu ? (tfl.layers.activation({ activation: 'relu' }).apply(y) as tfl.SymbolicTensor) : y;
  };
  let x = convBn(input, widths[0], 1, true);
  widths.forEach((filters, stage) => {
    for (let block = 0; block < 3; ++block) {
      const strides = stage > 0 && block === 0 ? 2 : 1;
      const y = convBn(convBn(x, filters, strides, true), filters, 1, false);
      const shortcut = strides === 1 ? x : (tfl.layers.conv2d({ filters, kernelSize: 1, strides, padding: 'same' }).apply(x) as tfl.SymbolicTensor);
      x = tfl.layers.activation({ activation: 'relu' }).apply(tfl.layers.add().apply([y, shortcut])) as tfl.SymbolicTensor;
    }
  });
  const pooled = tfl.layers.globalAveragePooling2d({}).apply(x) as tfl.SymbolicTensor;
  const output = tfl.layers.dense({ units: classes, activation: 'softmax' }).apply(pooled) as tfl.SymbolicTensor;
  return tfl.model({ inputs: input, outputs: output });
}

/** Weight values of a model as plain arrays (to copy a model across backends). */
export function weightValues(model: tfl.LayersModel): Array<{ shape: number[]; values: Float32Array }> {
  return model.getWeights().map((w) => ({ shape: [...w.shape], values: w.dataSync() as Float32Array }));
}

/** Sets a model's weights from plain arrays. */
export function setWeightValues(model: tfl.LayersModel, weights: Array<{ shape: number[]; values: Float32Array }>): void {
  const tensors = weights.map((w) => tf.tensor(w.values, w.shape));
  model.setWeights(tensors);
  tf.dispose(tensors);
}
