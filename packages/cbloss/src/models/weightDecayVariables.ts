import type * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { type FinalBias } from 'class-balanced-loss';
import { CblossError } from '../CblossError.js';
import { LOGITS_LAYER_NAME } from './resnet.js';

/**
 * The variables that weight decay (an L2 penalty `wd/2 · Σ w²`, as TF's `l2_loss`) applies to, following the
 * paper's code (`cifar_main.py`): every trainable variable — conv and dense kernels, dense biases, and batch
 * norm gammas and betas — except, when the method's final bias is the prior (`finalBias: 'prior'`: sigmoid and
 * focal), the bias of the final dense layer, so that the prior-bias initialisation `-log(C - 1)` is not pulled back
 * towards 0. Frozen weights (BN moving statistics) are never included.
 *
 * @throws CblossError `unknown-name` for another final-bias kind.
 * @returns the underlying `tf.Variable`s (the same objects the optimizer updates), in model order.
 * @example
 * const model = buildModel('resnet32', { inputShape: [32, 32, 3], numClasses: 10, finalBias: 'prior', seed: 1 });
 * weightDecayVariables(model, 'prior').length; // model.trainableWeights.length - 1
 * weightDecayVariables(model, 'zero').length;  // model.trainableWeights.length
 */
export function weightDecayVariables(model: tfl.LayersModel, finalBias: FinalBias): tf.Variable[] {
  if (finalBias !== 'zero' && finalBias !== 'prior') {
    throw new CblossError('unknown-name', `weightDecayVariables: 'finalBias' must be one of zero, prior; got '${String(finalBias)}'.`);
  }
  let excluded: tf.Variable | undefined;
  if (finalBias === 'prior') {
    const logits = model.layers.find((layer) => layer.name === LOGITS_LAYER_NAME);
    // The dense layer's weights are [kernel, bias].
    excluded = logits?.trainableWeights[1]?.read() as tf.Variable | undefined;
  }
  // LayerVariable.read() is typed as a Tensor but returns the underlying tf.Variable.
  return model.trainableWeights.map((weight) => weight.read() as tf.Variable).filter((variable) => variable !== excluded);
}
