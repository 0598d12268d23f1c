import * as tfl from '@tensorflow/tfjs-layers';
import { priorBiasInitializer, type Classifier } from 'class-balanced-loss';
import { CosineDense } from 'cbloss-models/CosineDense.js';

/** Options of {@link buildModel}. */
export interface BuildModelOptions {
  /** `[h, w, 3]` images → a small CNN; `[f]` features → an MLP. */
  readonly sampleShape: readonly number[];
  readonly numClasses: number;
  /** Initial bias of the logits: 0, or the prior −log(C−1) (sigmoid and focal losses, arXiv:1708.02002). */
  readonly finalBias: 'zero' | 'prior';
  /** The last layer, as the method's registry entry says: `'linear'` (default) or `'cosine'` (no bias). */
  readonly classifier?: Classifier | undefined;
  /** Seed of the weight initialisers. */
  readonly seed: number;
}

/**
 * The page's model, small enough to train in a browser tab: for images, two 3×3 convolutions (16 and 32
 * channels, ReLU, each followed by 2×2 max pooling), a dense layer of 64 and the logits; for tables, an MLP
 * of two dense layers of 64. The last layer gives logits (the losses apply softmax or sigmoid): a dense layer
 * with the method's initial bias, or for `classifier: 'cosine'` (LDAM) cbloss's `CosineDense` (bundled from its
 * source: the same layer, initialisation and serialised class name as the CLI's models).
 *
 * @example
 * const model = buildModel({ sampleShape: [32, 32, 3], numClasses: 4, finalBias: 'prior', seed: 1 });
 * model.outputs[0].shape; // [null, 4]
 */
export function buildModel(options: BuildModelOptions): tfl.LayersModel {
  const { sampleShape, numClasses, seed } = options;
  let next = seed;
  const kernelInitializer = (): ReturnType<typeof tfl.initializers.glorotUniform> => tfl.initializers.glorotUniform({ seed: next++ });
  const image = sampleShape.length === 3;
  const hidden: tfl.layers.Layer[] = image
    ? [
        tfl.layers.conv2d({ inputShape: [...sampleShape], filters: 16, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: kernelInitializer() }),
        tfl.layers.maxPooling2d({ poolSize: 2 }),
        tfl.layers.conv2d({ filters: 32, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: kernelInitializer() }),
        tfl.layers.maxPooling2d({ poolSize: 2 }),
        tfl.layers.flatten(),
        tfl.layers.dense({ units: 64, activation: 'relu', kernelInitializer: kernelInitializer() }),
      ]
    : [
        tfl.layers.dense({ inputShape: [...sampleShape], units: 64, activation: 'relu', kernelInitializer: kernelInitializer() }),
        tfl.layers.dense({ units: 64, activation: 'relu', kernelInitializer: kernelInitializer() }),
      ];
  const logits =
    options.classifier === 'cosine'
      ? new CosineDense({ units: numClasses, seed: next++, name: 'logits' })
      : tfl.layers.dense({
          units: numClasses,
          kernelInitializer: kernelInitializer(),
          ...(options.finalBias === 'prior' ? { biasInitializer: priorBiasInitializer(numClasses) } : {}),
          name: 'logits',
        });
  return tfl.sequential({ layers: [...hidden, logits] });
}
