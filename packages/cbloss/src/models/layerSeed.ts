import { createRng } from '../util/rng.js';

/**
 * The initializer seed of one layer, derived from the run seed and the layer's name, so that every layer
 * gets its own stream, the same on every run and backend, and adding a layer does not reshuffle the others.
 *
 * @example
 * layerSeed(1, 'conv1'); // 1822323179, always, on every backend
 */
export function layerSeed(seed: number, layerName: string): number {
  return createRng(seed).fork(layerName).int(2 ** 31 - 1);
}
