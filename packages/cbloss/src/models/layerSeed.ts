import { createRng } from '../util/rng.js';

/**
 * The initializer seed of one layer, derived from the run seed and the layer's name, so that every layer
 * gets its own stream, the same on every run and backend, and adding a layer does not reshuffle the others.
 *
 * @example
 * layerSeed(1, 'conv1'); // an integer in [0, 2^31 - 1), always the same for (1, 'conv1')
 */
export function layerSeed(seed: number, layerName: string): number {
  return createRng(seed).fork(layerName).int(2 ** 31 - 1);
}
