import type { Rng } from '../util/rng.js';
import { CblossError } from '../CblossError.js';

/** Options of {@link augmentBatch}. */
export interface AugmentOptions {
  /** Zero padding on each side before the random crop (the standard CIFAR recipe: 4). Default 4. */
  readonly padding?: number;
  /** Mirror each image left-right with probability 1/2. Default true. */
  readonly flip?: boolean;
  /**
   * Draws of this many images are made (and dropped) first: augmenting images k.. of a batch with `skip: k` gives
   * what they get when the whole batch is augmented (a data-parallel rank augments only its part). Default 0.
   */
  readonly skip?: number;
}

/**
 * The standard CIFAR augmentation used by the paper (He et al.'s recipe): pad each image with `padding` zero pixels
 * on every side, take a random crop of the original size, and mirror it left-right with probability 1/2 — done on
 * the raw `Uint8` pixels, before normalisation (like torchvision's `RandomCrop(32, padding=4)` before `Normalize`).
 *
 * Deterministic: per image it draws the vertical offset, the horizontal offset (each uniform in `[0, 2·padding]`)
 * and the flip, in that order, from `rng`. Returns a new array; `pixels` is not modified.
 *
 * Shapes: `pixels` is `count × H × W × C` (NHWC), `imageShape` is `[H, W, C]`.
 *
 * @example
 * const out = augmentBatch(batch, 128, [32, 32, 3], createRng(1).fork('augment:0'));
 */
export function augmentBatch(
  pixels: Uint8Array,
  count: number,
  imageShape: readonly number[],
  rng: Rng,
  options: AugmentOptions = {},
): Uint8Array {
  const padding = options.padding ?? 4;
  const flip = options.flip ?? true;
  const [height, width, channels] = imageShape;
  if (imageShape.length !== 3 || height === undefined || width === undefined || channels === undefined) {
    throw new CblossError('invalid-argument', `augmentBatch: 'imageShape' must be [H, W, C]; got [${imageShape.join(', ')}].`);
  }
  if (!Number.isInteger(padding) || padding < 0) {
    throw new CblossError('invalid-argument', `augmentBatch: 'padding' must be an integer >= 0; got ${padding}.`);
  }
  const size = height * width * channels;
  if (pixels.length !== count * size) {
    throw new CblossError(
      'shape-mismatch',
      `augmentBatch: 'pixels' must have count × H × W × C = ${count * size} values; got ${pixels.length}.`,
    );
  }
  const skip = options.skip ?? 0;
  if (!Number.isInteger(skip) || skip < 0) {
    throw new CblossError('invalid-argument', `augmentBatch: 'skip' must be an integer >= 0; got ${skip}.`);
  }
  for (let n = 0; n < skip; n++) drawShift(rng, padding, flip);
  const out = new Uint8Array(pixels.length);
  for (let n = 0; n < count; n++) {
    const { dy, dx, mirror } = drawShift(rng, padding, flip);
    copyShifted(pixels, out, n * size, height, width, channels, dy, dx, mirror);
  }
  return out;
}

/** One image's random shift and flip, drawn in this order: vertical offset, horizontal offset, flip. */
function drawShift(rng: Rng, padding: number, flip: boolean): { dy: number; dx: number; mirror: boolean } {
  const dy = rng.int(2 * padding + 1) - padding;
  const dx = rng.int(2 * padding + 1) - padding;
  const mirror = flip && rng.next() < 0.5;
  return { dy, dx, mirror };
}

/**
 * Output pixel (y, x) takes input pixel (y + dy, x' + dx), where x' = W−1−x when mirrored; pixels that fall in
 * the padding stay 0. Cropping the padded image at offset (padding + dy, padding + dx) is the same thing.
 */
function copyShifted(
  src: Uint8Array,
  dst: Uint8Array,
  offset: number,
  height: number,
  width: number,
  channels: number,
  dy: number,
  dx: number,
  mirror: boolean,
): void {
  for (let y = 0; y < height; y++) {
    const sy = y + dy;
    if (sy < 0 || sy >= height) continue;
    for (let x = 0; x < width; x++) {
      const sx = (mirror ? width - 1 - x : x) + dx;
      if (sx < 0 || sx >= width) continue;
      const from = offset + (sy * width + sx) * channels;
      const to = offset + (y * width + x) * channels;
      for (let c = 0; c < channels; c++) dst[to + c] = src[from + c]!;
    }
  }
}
