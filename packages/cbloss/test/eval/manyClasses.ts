import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { DataSplit } from '../../src/types.js';

/** Classes are written as three digits base 18 (up to 5,832 classes), each digit one-hot: 54 features. */
const BASE = 18;
const DIGITS = 3;

/** The feature set to 1 for digit `d` of class `c`. */
const featureOf = (c: number, d: number): number => d * BASE + (Math.floor(c / BASE ** d) % BASE);

/** Features of the input of {@link manyClassModel}. */
export const MANY_CLASS_FEATURES = BASE * DIGITS;

/**
 * A model with `classes` (≤ 5,832) outputs, cheap at thousands of classes, whose arg-max is the class written in its
 * input (see {@link manyClassSplit}): logit_c = the number of c's digits equal to the input's, 3 for that class
 * alone, ≤ 2 elsewhere.
 */
export function manyClassModel(classes: number): tfl.LayersModel {
  const kernel = tf.buffer([MANY_CLASS_FEATURES, classes], 'float32');
  for (let c = 0; c < classes; c++) for (let d = 0; d < DIGITS; d++) kernel.set(1, featureOf(c, d), c);
  const input = tfl.input({ shape: [MANY_CLASS_FEATURES] });
  const dense = tfl.layers.dense({ units: classes, useBias: false });
  const model = tfl.model({ inputs: input, outputs: dense.apply(input) as tfl.SymbolicTensor });
  const weights = kernel.toTensor();
  dense.setWeights([weights]);
  weights.dispose();
  return model;
}

/** A split of samples of true classes `labels` that {@link manyClassModel} predicts as `predicted` (samples of shape [54]). */
export function manyClassSplit(labels: readonly number[], predicted: readonly number[]): DataSplit {
  const x = new Float32Array(labels.length * MANY_CLASS_FEATURES);
  predicted.forEach((c, i) => {
    for (let d = 0; d < DIGITS; d++) x[i * MANY_CLASS_FEATURES + featureOf(c, d)] = 1;
  });
  return { x, labels: Int32Array.from(labels), count: labels.length };
}
