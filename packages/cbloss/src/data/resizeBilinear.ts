/**
 * Resizes an interleaved `height × width × channels` `Uint8Array` image by bilinear interpolation with
 * half-pixel centres (the convention of `tf.image.resizeBilinear(…, halfPixelCenters = true)` and OpenCV's
 * `INTER_LINEAR`): output pixel `(y, x)` samples the input at
 * `((y + 0.5)·H/outH − 0.5, (x + 0.5)·W/outW − 0.5)`, clamped to the image, rounded to the nearest integer.
 * There is no anti-aliasing, so strong down-scaling (more than 2×) aliases; same size returns a copy.
 *
 * @example
 * resizeBilinear(new Uint8Array([0, 255]), 1, 2, 1, 1, 4); // Uint8Array [0, 64, 191, 255]
 */
export function resizeBilinear(
  image: Uint8Array,
  height: number,
  width: number,
  channels: number,
  outHeight: number,
  outWidth: number,
): Uint8Array {
  const out = new Uint8Array(outHeight * outWidth * channels);
  const sy = height / outHeight;
  const sx = width / outWidth;
  for (let y = 0; y < outHeight; y++) {
    const fy = Math.min(Math.max((y + 0.5) * sy - 0.5, 0), height - 1);
    const y0 = Math.floor(fy);
    const y1 = Math.min(y0 + 1, height - 1);
    const wy = fy - y0;
    for (let x = 0; x < outWidth; x++) {
      const fx = Math.min(Math.max((x + 0.5) * sx - 0.5, 0), width - 1);
      const x0 = Math.floor(fx);
      const x1 = Math.min(x0 + 1, width - 1);
      const wx = fx - x0;
      for (let c = 0; c < channels; c++) {
        const a = image[(y0 * width + x0) * channels + c] ?? 0;
        const b = image[(y0 * width + x1) * channels + c] ?? 0;
        const d = image[(y1 * width + x0) * channels + c] ?? 0;
        const e = image[(y1 * width + x1) * channels + c] ?? 0;
        const top = a + (b - a) * wx;
        const bottom = d + (e - d) * wx;
        out[(y * outWidth + x) * channels + c] = Math.round(top + (bottom - top) * wy);
      }
    }
  }
  return out;
}
