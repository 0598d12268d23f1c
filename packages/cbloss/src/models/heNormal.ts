import * as tfl from '@tensorflow/tfjs-layers';
import { layerSeed } from './layerSeed.js';

/**
 * Standard deviation of a unit normal truncated at ±2σ: `√(1 − 4φ(2)/(2Φ(2) − 1)) ≈ 0.87962566`. TF's
 * `he_normal` (and `truncated_normal` variance scaling since TF 2) divides by it so that the truncated samples keep
 * the intended variance; tfjs-layers' `heNormal` does not, and gives 0.88·√(2/fan_in).
 */
export const TRUNCATED_NORMAL_STD = 0.87962566103423978;

/**
 * He-normal kernels (He et al. 2015) with the intended variance: a normal truncated at ±2σ whose standard deviation is
 * `√(2 / fan_in)`, as TF 2's `he_normal` and with the variance of PyTorch's `kaiming_normal_` (the CIFAR-LT codebases'
 * initialiser, e.g. LDAM-DRW's ResNet-32). tfjs-layers' own `heNormal` truncates without rescaling, which leaves every
 * kernel 12% small; with batch norm after a layer only the final dense layer feels it, without (the small CNN, the MLP)
 * every layer does. Seeded per layer with {@link layerSeed}.
 *
 * Formula: `w ~ N(0, σ²/0.8796²)` truncated to `|w| ≤ 2σ/0.8796`, `σ² = 2 / fan_in`; `fan_in = k·k·C_in` for a
 * convolution kernel `[k, k, C_in, C_out]`, `C_in` for a dense kernel `[C_in, C_out]`.
 *
 * @param seed the run's seed.
 * @param layerName the layer the kernel belongs to (its own random stream).
 * @example
 * tfl.layers.dense({ units: 128, kernelInitializer: heNormal(1, 'dense1') }); // std √(2/fan_in)
 */
export function heNormal(seed: number, layerName: string): ReturnType<typeof tfl.initializers.varianceScaling> {
  return tfl.initializers.varianceScaling({
    scale: 2 / TRUNCATED_NORMAL_STD ** 2,
    mode: 'fanIn',
    distribution: 'normal', // tfjs-layers: 'normal' draws a normal truncated at 2σ
    seed: layerSeed(seed, layerName),
  });
}
