import * as tfl from '@tensorflow/tfjs-layers';
import { CosineDense } from './CosineDense.js';
import { heNormal } from './heNormal.js';
import { layerSeed } from './layerSeed.js';
import { LOGITS_LAYER_NAME, type ModelSpec } from './resnet.js';

/**
 * The final layer of every model, named {@link LOGITS_LAYER_NAME}: a dense layer ({@link heNormal} kernel, the spec's bias
 * initialiser) or, for `classifier: 'cosine'`, a {@link CosineDense} without bias.
 *
 * @example
 * const logits = logitsLayer({ inputShape: [64], numClasses: 10, logitsBiasInitializer: 'zeros', seed: 1 }).apply(features);
 */
export function logitsLayer(spec: ModelSpec): tfl.layers.Layer {
  const seed = layerSeed(spec.seed, LOGITS_LAYER_NAME);
  if (spec.classifier === 'cosine') return new CosineDense({ name: LOGITS_LAYER_NAME, units: spec.numClasses, seed });
  return tfl.layers.dense({
    name: LOGITS_LAYER_NAME,
    units: spec.numClasses,
    kernelInitializer: heNormal(spec.seed, LOGITS_LAYER_NAME),
    biasInitializer: spec.logitsBiasInitializer,
  });
}
