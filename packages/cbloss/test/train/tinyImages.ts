import * as tfl from '@tensorflow/tfjs-layers';
import type { DataSplit } from '../../src/types.js';
import { createRng } from '../../src/util/rng.js';

/** The trainer tests' image shape: 6x6 RGB. */
export const TINY_IMAGE: [number, number, number] = [6, 6, 3];
/** The trainer tests' number of classes. */
export const TINY_CLASSES = 3;

/** `count` 6x6 RGB images of 3 classes: class c is brighter in channel c, plus seeded noise. Easy to learn. */
export function tinyImages(count: number, seed: number): DataSplit {
  const rng = createRng(seed);
  const size = 6 * 6 * 3;
  const x = new Uint8Array(count * size);
  const labels = new Int32Array(count);
  for (let n = 0; n < count; n++) {
    const label = n % TINY_CLASSES;
    labels[n] = label;
    for (let i = 0; i < size; i++) x[n * size + i] = Math.min(255, rng.int(120) + (i % 3 === label ? 120 : 0));
  }
  return { x, labels, count };
}

/**
 * A tiny conv net with seeded initialisers: conv 3x3 (4 filters) → batch norm (when `batchNorm`: its moving statistics
 * are then part of the state; without, the conv has a bias) → ReLU → global average pooling → dense 3.
 */
export function tinyConvNet(seed: number, batchNorm: boolean): tfl.LayersModel {
  return tfl.sequential({
    layers: [
      tfl.layers.conv2d({ inputShape: TINY_IMAGE, filters: 4, kernelSize: 3, padding: 'same', useBias: !batchNorm, kernelInitializer: tfl.initializers.heNormal({ seed }) }),
      ...(batchNorm ? [tfl.layers.batchNormalization()] : []),
      tfl.layers.activation({ activation: 'relu' }),
      tfl.layers.globalAveragePooling2d({}),
      tfl.layers.dense({ units: TINY_CLASSES, kernelInitializer: tfl.initializers.glorotUniform({ seed: seed + 1 }) }),
    ],
  });
}
