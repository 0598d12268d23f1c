import { describe, expect, it } from 'vitest';
import { resizeBilinear } from '../../src/data/resizeBilinear.js';

describe('resizeBilinear', () => {
  it('upsamples 1x2 → 1x4 with half-pixel centres (golden values from the formula by hand)', () => {
    // x = 0..3 sample the input at -0.25→0, 0.25, 0.75, 1.25→1: 0, 63.75, 191.25, 255.
    expect(Array.from(resizeBilinear(new Uint8Array([0, 255]), 1, 2, 1, 1, 4))).toEqual([0, 64, 191, 255]);
  });

  it('downsamples 4x4 → 2x2 by averaging 2x2 blocks (centres fall between pixels)', () => {
    const img = new Uint8Array([0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110, 120, 130, 140, 150]);
    // Output (0,0) samples (0.5, 0.5): mean of 0, 10, 40, 50 = 25.
    expect(Array.from(resizeBilinear(img, 4, 4, 1, 2, 2))).toEqual([25, 45, 105, 125]);
  });

  it('keeps the image unchanged at the same size and keeps channels apart', () => {
    const img = Uint8Array.from({ length: 3 * 2 * 3 }, (_, i) => i * 7);
    expect(Array.from(resizeBilinear(img, 3, 2, 3, 3, 2))).toEqual(Array.from(img));
    const rgb = new Uint8Array([255, 0, 9, 255, 0, 9]); // 1x2, constant per channel
    expect(Array.from(resizeBilinear(rgb, 1, 2, 3, 3, 3))).toEqual(new Array(9).fill([255, 0, 9]).flat());
  });
});
