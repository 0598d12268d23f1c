import type { Rng } from '../../util/rng.js';

/** A crop rectangle in pixels: rows `[top, top + height)`, columns `[left, left + width)`. */
export interface CropBox {
  readonly top: number;
  readonly left: number;
  readonly height: number;
  readonly width: number;
}

/** Options of {@link randomResizedCropBox}; the defaults are the paper's (and torchvision's). */
export interface RandomCropOptions {
  /** Range of the crop's area as a fraction of the image's. Default [0.08, 1]. */
  readonly scale?: readonly [number, number];
  /** Range of the crop's aspect ratio width/height, sampled log-uniformly. Default [3/4, 4/3]. */
  readonly ratio?: readonly [number, number];
}

/** Python's `round` (half to even), so that the boxes match torchvision's to the pixel. */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/**
 * The crop of `RandomResizedCrop` (Szegedy et al. 2015; the ImageNet training augmentation of the paper),
 * by torchvision's algorithm, drawing from `rng`:
 *
 * 1. up to 10 tries: area `A = W·H·U(scale)`, ratio `r = exp(U(log ratio))`, `w = round(√(A·r))`,
 *    `h = round(√(A/r))`; if `0 < w ≤ W` and `0 < h ≤ H`, place it uniformly: `top = int(H − h + 1)`,
 *    `left = int(W − w + 1)` (in that order);
 * 2. else the centre crop of the largest box with ratio clamped to `ratio` (the whole image when `W/H` is
 *    within it), `top = ⌊(H − h)/2⌋`, `left = ⌊(W − w)/2⌋`.
 *
 * Each try draws 2 numbers, a success 2 more, so the box depends only on the rng's stream.
 *
 * @example
 * randomResizedCropBox(500, 375, createRng(1)); // e.g. { top: 42, left: 117, height: 251, width: 298 }
 */
export function randomResizedCropBox(width: number, height: number, rng: Rng, options: RandomCropOptions = {}): CropBox {
  const [minScale, maxScale] = options.scale ?? [0.08, 1];
  const [minRatio, maxRatio] = options.ratio ?? [3 / 4, 4 / 3];
  const area = width * height;
  const logMin = Math.log(minRatio);
  const logMax = Math.log(maxRatio);
  for (let attempt = 0; attempt < 10; attempt++) {
    const target = area * (minScale + (maxScale - minScale) * rng.next());
    const aspect = Math.exp(logMin + (logMax - logMin) * rng.next());
    const w = roundHalfEven(Math.sqrt(target * aspect));
    const h = roundHalfEven(Math.sqrt(target / aspect));
    if (w > 0 && w <= width && h > 0 && h <= height) {
      const top = rng.int(height - h + 1);
      const left = rng.int(width - w + 1);
      return { top, left, height: h, width: w };
    }
  }
  const inRatio = width / height;
  let w = width;
  let h = height;
  if (inRatio < minRatio) h = roundHalfEven(w / minRatio);
  else if (inRatio > maxRatio) w = roundHalfEven(h * maxRatio);
  return { top: Math.floor((height - h) / 2), left: Math.floor((width - w) / 2), height: h, width: w };
}

/**
 * The evaluation crop of the paper's code (TPU ResNet preprocessing): the centred square of side
 * `⌊size/(size + padding) · min(W, H)⌋`, offset `⌊(H − side + 1)/2⌋`, `⌊(W − side + 1)/2⌋`; resizing it to
 * `size` is the same view as "resize the shorter side to size + padding, centre-crop size" (256 → 224 for
 * padding 32), without resizing the parts that are cut away.
 *
 * @example
 * centerCropBox(500, 375, 224, 32); // { top: 24, left: 86, height: 328, width: 328 }  (224/256·375 = 328.1)
 */
export function centerCropBox(width: number, height: number, size: number, padding: number): CropBox {
  const side = Math.max(1, Math.floor((size / (size + padding)) * Math.min(width, height)));
  return { top: Math.floor((height - side + 1) / 2), left: Math.floor((width - side + 1) / 2), height: side, width: side };
}
