import type { Dataset, ModelName } from '../types.js';

/**
 * The model and augmentation a run gets when none is asked for, decided by the loaded data (not by its name, so a
 * `folder:` of CIFAR-sized photos gets what CIFAR gets):
 * - tabular data → `mlp`, no augmentation;
 * - RGB images of 32 px and more → `resnet32` with random crop (pad 4) + horizontal flip, the paper's CIFAR recipe;
 * - other images (grey, or smaller than 32 px, e.g. 28x28 Fashion-MNIST) → `cnn`, no augmentation.
 *
 * @example
 * dataDefaults({ kind: 'image', sampleShape: [32, 32, 3] }); // { model: 'resnet32', augment: true }
 * dataDefaults({ kind: 'image', sampleShape: [28, 28, 1] }); // { model: 'cnn', augment: false }
 */
export function dataDefaults(dataset: Pick<Dataset, 'kind' | 'sampleShape'>): { model: ModelName; augment: boolean } {
  if (dataset.kind === 'tabular') return { model: 'mlp', augment: false };
  const [height = 0, width = 0, channels = 0] = dataset.sampleShape;
  if (channels === 3 && height >= 32 && width >= 32) return { model: 'resnet32', augment: true };
  return { model: 'cnn', augment: false };
}
