import { CblossError } from '../../CblossError.js';
import { createRng, type Rng } from '../../util/rng.js';
import type { RgbaImage } from '../decodeImage.js';
import { centerCropBox, randomResizedCropBox } from './cropBox.js';
import { cropResizeNormalize, IMAGENET_NORMALIZATION, type ChannelNormalization } from './cropResizeNormalize.js';

/** The two preprocessing modes: `'train'` (random resized crop + flip) and `'eval'` (centre crop). */
export const TRANSFORM_MODES = ['train', 'eval'] as const;

/** The preprocessing of streamed images, as the paper's large-scale recipe (Cui et al. 2019, §5.3). */
export interface StreamTransform {
  /** `'train'`: random resized crop (area [0.08, 1], ratio [3/4, 4/3]) + horizontal flip; `'eval'`: centre crop. */
  readonly mode: (typeof TRANSFORM_MODES)[number];
  /** Output side in pixels: 224 (the paper) or 320. */
  readonly size: number;
  /** Eval only: the centre crop is `size/(size + cropPadding)` of the shorter side (32: 256 → 224). */
  readonly cropPadding: number;
  /** Per-channel mean and std on 0..255 (default the ImageNet constants of the paper's code). */
  readonly normalization: ChannelNormalization;
}

/**
 * Fills in and checks a {@link StreamTransform}: `size` a positive integer (default 224), `cropPadding` an
 * integer ≥ 0 (default 32), `normalization` 3 means and 3 positive stds (default {@link IMAGENET_NORMALIZATION}).
 *
 * @example
 * resolveTransform({ mode: 'eval' }); // { mode: 'eval', size: 224, cropPadding: 32, normalization: IMAGENET_NORMALIZATION }
 */
export function resolveTransform(partial: Partial<StreamTransform> & Pick<StreamTransform, 'mode'>): StreamTransform {
  const fn = 'resolveTransform';
  const { mode, size = 224, cropPadding = 32, normalization = IMAGENET_NORMALIZATION } = partial;
  if (!TRANSFORM_MODES.includes(mode)) throw new CblossError('invalid-argument', `${fn}: 'mode' must be one of ${TRANSFORM_MODES.join(', ')}; got '${mode}'.`);
  if (!Number.isInteger(size) || size < 1) throw new CblossError('invalid-argument', `${fn}: 'size' must be a positive integer; got ${size}.`);
  if (!Number.isInteger(cropPadding) || cropPadding < 0) throw new CblossError('invalid-argument', `${fn}: 'cropPadding' must be an integer ≥ 0; got ${cropPadding}.`);
  const { mean, std } = normalization;
  if (mean.length !== 3 || std.length !== 3 || !mean.every(Number.isFinite) || !std.every((s) => Number.isFinite(s) && s > 0)) {
    throw new CblossError('invalid-argument', `${fn}: 'normalization' must have 3 finite means and 3 positive stds; got mean [${mean.join(', ')}], std [${std.join(', ')}].`);
  }
  return { mode, size, cropPadding, normalization: { mean: [...mean], std: [...std] } };
}

/**
 * The random stream of one sample in one epoch, derived from the seed, the epoch and the sample's index in
 * the split only — so an augmented sample is the same whichever worker decodes it and in whatever order.
 * @example sampleRng(1, 0, 42).next(); // the same number on every run
 */
export function sampleRng(seed: number, epoch: number, index: number): Rng {
  return createRng(seed).fork(`sample/${epoch}/${index}`);
}

/**
 * Preprocesses one decoded image into `out` at `offset` (`size·size·3` floats, HWC): in `'train'` mode
 * `randomResizedCropBox` then a left–right flip with probability ½, both drawn from `rng`; in `'eval'` mode
 * `centerCropBox` (no randomness); then `cropResizeNormalize`.
 *
 * @example
 * preprocessImage(decodeImage(bytes, path), resolveTransform({ mode: 'train' }), sampleRng(1, 0, i), out, 0);
 */
export function preprocessImage(image: RgbaImage, transform: StreamTransform, rng: Rng, out: Float32Array, offset: number): void {
  const { width, height, rgba } = image;
  const train = transform.mode === 'train';
  const box = train ? randomResizedCropBox(width, height, rng) : centerCropBox(width, height, transform.size, transform.cropPadding);
  const flip = train && rng.next() < 0.5;
  cropResizeNormalize(rgba, width, box, transform.size, flip, transform.normalization, out, offset);
}
