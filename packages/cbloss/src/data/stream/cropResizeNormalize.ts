import type { CropBox } from './cropBox.js';

/**
 * The per-channel normalisation of the paper's code (TPU ResNet input pipeline, the ImageNet constants it
 * uses for iNaturalist too): `x' = (x − mean) / std` on 0..255 RGB values, mean = [0.485, 0.456, 0.406]·255
 * and std = [0.229, 0.224, 0.225]·255.
 * @example (255 - IMAGENET_NORMALIZATION.mean[0]) / IMAGENET_NORMALIZATION.std[0]; // 2.2489...
 */
export const IMAGENET_NORMALIZATION = {
  mean: [0.485 * 255, 0.456 * 255, 0.406 * 255],
  std: [0.229 * 255, 0.224 * 255, 0.225 * 255],
} as const satisfies { mean: readonly number[]; std: readonly number[] };

/** Per-channel mean and standard deviation of RGB values on the 0..255 scale. */
export interface ChannelNormalization {
  readonly mean: readonly number[];
  readonly std: readonly number[];
}

/**
 * Crops `box` out of an RGBA image, resizes it to `size × size` by bilinear interpolation with half-pixel
 * centres (as `resizeBilinear`: output pixel `(y, x)` samples the crop at
 * `((y + 0.5)·h/size − 0.5, (x + 0.5)·w/size − 0.5)`, clamped to the crop), optionally mirrors it left–right,
 * and writes `(value − mean[c]) / std[c]` as packed RGB floats (HWC) into `out` from `offset` — one pass,
 * without materialising the crop. No anti-aliasing: down-scaling by more than 2× aliases (as
 * `tf.image.resize_bilinear`, unlike PIL's filter).
 *
 * @example
 * const out = new Float32Array(224 * 224 * 3);
 * cropResizeNormalize(image.rgba, image.width, { top: 0, left: 0, height: 375, width: 375 }, 224, true, IMAGENET_NORMALIZATION, out, 0);
 */
export function cropResizeNormalize(
  rgba: Uint8Array,
  imageWidth: number,
  box: CropBox,
  size: number,
  flip: boolean,
  normalization: ChannelNormalization,
  out: Float32Array,
  offset: number,
): void {
  const { top, left, height, width } = box;
  const [m0 = 0, m1 = 0, m2 = 0] = normalization.mean;
  const [s0 = 1, s1 = 1, s2 = 1] = normalization.std;
  const sy = height / size;
  const sx = width / size;
  // Column sampling positions and weights are the same for every row: compute them once.
  const x0s = new Int32Array(size);
  const x1s = new Int32Array(size);
  const wxs = new Float64Array(size);
  for (let x = 0; x < size; x++) {
    const fx = Math.min(Math.max((x + 0.5) * sx - 0.5, 0), width - 1);
    const x0 = Math.floor(fx);
    x0s[x] = 4 * (left + x0);
    x1s[x] = 4 * (left + Math.min(x0 + 1, width - 1));
    wxs[x] = fx - x0;
  }
  for (let y = 0; y < size; y++) {
    const fy = Math.min(Math.max((y + 0.5) * sy - 0.5, 0), height - 1);
    const y0 = Math.floor(fy);
    const row0 = (top + y0) * imageWidth * 4;
    const row1 = (top + Math.min(y0 + 1, height - 1)) * imageWidth * 4;
    const wy = fy - y0;
    for (let x = 0; x < size; x++) {
      const a = row0 + (x0s[x] as number);
      const b = row0 + (x1s[x] as number);
      const d = row1 + (x0s[x] as number);
      const e = row1 + (x1s[x] as number);
      const wx = wxs[x] as number;
      const o = offset + (y * size + (flip ? size - 1 - x : x)) * 3;
      for (let c = 0; c < 3; c++) {
        const va = rgba[a + c] as number;
        const vb = rgba[b + c] as number;
        const vd = rgba[d + c] as number;
        const ve = rgba[e + c] as number;
        const topRow = va + (vb - va) * wx;
        const bottomRow = vd + (ve - vd) * wx;
        const v = topRow + (bottomRow - topRow) * wy;
        out[o + c] = c === 0 ? (v - m0) / s0 : c === 1 ? (v - m1) / s1 : (v - m2) / s2;
      }
    }
  }
}
