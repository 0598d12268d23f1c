import { describe, expect, it } from 'vitest';
import { cropResizeNormalize, IMAGENET_NORMALIZATION } from '../../../src/data/stream/cropResizeNormalize.js';
import { resizeBilinear } from '../../../src/data/resizeBilinear.js';

const RAW = { mean: [0, 0, 0], std: [1, 1, 1] };

/** A w×h RGBA image with pixel (x, y) = (x·10 + y, 2x, 3y, 255) (values within 0..255 for small sizes). */
function ramp(w: number, h: number): Uint8Array {
  const out = new Uint8Array(w * h * 4);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) out.set([x * 10 + y, 2 * x, 3 * y, 255], 4 * (y * w + x));
  return out;
}

function rgbOf(rgba: Uint8Array): Uint8Array {
  return rgba.filter((_, i) => i % 4 !== 3);
}

describe('cropResizeNormalize', () => {
  it('is the identity on a full box of the output size (values, then normalised by the ImageNet constants)', () => {
    const img = ramp(4, 4);
    const out = new Float32Array(4 * 4 * 3);
    cropResizeNormalize(img, 4, { top: 0, left: 0, height: 4, width: 4 }, 4, false, RAW, out, 0);
    expect(Array.from(out)).toEqual(Array.from(rgbOf(img)));
    cropResizeNormalize(img, 4, { top: 0, left: 0, height: 4, width: 4 }, 4, false, IMAGENET_NORMALIZATION, out, 0);
    // Pixel (x=3, y=2): R = 32 → (32 − 123.675)/58.395; G = 6 → (6 − 116.28)/57.12; B = 6 → (6 − 103.53)/57.375.
    const o = (2 * 4 + 3) * 3;
    expect(out[o]).toBeCloseTo((32 - 0.485 * 255) / (0.229 * 255), 5);
    expect(out[o + 1]).toBeCloseTo((6 - 0.456 * 255) / (0.224 * 255), 5);
    expect(out[o + 2]).toBeCloseTo((6 - 0.406 * 255) / (0.225 * 255), 5);
  });

  it('matches resizeBilinear (half-pixel centres) before rounding, on the whole image', () => {
    const img = ramp(9, 7);
    const out = new Float32Array(5 * 5 * 3);
    cropResizeNormalize(img, 9, { top: 0, left: 0, height: 7, width: 9 }, 5, false, RAW, out, 0);
    const expected = resizeBilinear(rgbOf(img), 7, 9, 3, 5, 5);
    out.forEach((v, i) => expect(Math.abs(v - (expected[i] as number))).toBeLessThanOrEqual(0.5));
  });

  it('on a crop equals resizing the cropped copy; the flip mirrors columns; writes at the offset only', () => {
    const img = ramp(12, 10);
    const box = { top: 2, left: 3, height: 6, width: 8 };
    const crop = new Uint8Array(box.height * box.width * 3);
    for (let y = 0; y < box.height; y++) {
      for (let x = 0; x < box.width; x++) {
        const s = 4 * ((box.top + y) * 12 + box.left + x);
        crop.set(img.subarray(s, s + 3), 3 * (y * box.width + x));
      }
    }
    const size = 4;
    const n = size * size * 3;
    const out = new Float32Array(3 * n).fill(-7);
    cropResizeNormalize(img, 12, box, size, false, RAW, out, n);
    cropResizeNormalize(img, 12, box, size, true, RAW, out, 2 * n);
    expect(out.subarray(0, n).every((v) => v === -7)).toBe(true);
    const expected = resizeBilinear(crop, box.height, box.width, 3, size, size);
    out.subarray(n, 2 * n).forEach((v, i) => expect(Math.abs(v - (expected[i] as number))).toBeLessThanOrEqual(0.5));
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        for (let c = 0; c < 3; c++) expect(out[2 * n + (y * size + x) * 3 + c]).toBe(out[n + (y * size + (size - 1 - x)) * 3 + c]);
      }
    }
  });

  it('up-scales a 1x1 crop to a constant image', () => {
    const img = ramp(3, 3);
    const out = new Float32Array(2 * 2 * 3);
    cropResizeNormalize(img, 3, { top: 1, left: 2, height: 1, width: 1 }, 2, false, RAW, out, 0);
    expect(Array.from(out)).toEqual([21, 4, 3, 21, 4, 3, 21, 4, 3, 21, 4, 3]);
  });
});
