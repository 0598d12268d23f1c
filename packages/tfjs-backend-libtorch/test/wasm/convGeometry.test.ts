import { describe, expect, it } from 'vitest';
import { convGeometry, filterGradPadding, inputGradPadding } from '../../src/wasm/convGeometry.js';

describe('convGeometry', () => {
  it("pads 'same' asymmetrically like TensorFlow: the odd extra row/column goes after", () => {
    // total rows padding = (ceil(8/2) − 1)·2 + 2 − 8 = 0; with a 3-tall filter: 1 → top 0, bottom 1.
    const g = convGeometry([1, 8, 8, 1], [3, 2, 1, 1], 2, 1, 'same', 'NHWC');
    expect([g.outH, g.outW, g.padTop, g.padLeft]).toEqual([4, 4, 0, 0]);
    const g2 = convGeometry([1, 7, 7, 1], [3, 3, 1, 1], 1, 2, 'same', 'NHWC');
    expect([g2.outH, g2.padTop, g2.dilationH]).toEqual([7, 2, 2]);
  });

  it('reads NCHW shapes', () => {
    const g = convGeometry([2, 3, 9, 7], [3, 3, 3, 5], 1, 1, 'valid', 'NCHW');
    expect([g.batch, g.inC, g.inH, g.inW, g.outH, g.outW, g.outC]).toEqual([2, 3, 9, 7, 7, 5, 5]);
  });
});

describe('filterGradPadding', () => {
  it('makes the padded input span exactly (k−1)·d + (n−1)·s + 1 rows', () => {
    for (const [inSize, k, s, d, p] of [[14, 3, 1, 1, 1], [9, 3, 2, 1, 0], [10, 2, 3, 1, 0], [11, 3, 1, 2, 2]] as const) {
      const out = Math.floor((inSize + 2 * p - (k - 1) * d - 1) / s) + 1;
      const pad = filterGradPadding(inSize, out, k, s, d, p);
      expect(pad.before + inSize + pad.after).toBe((k - 1) * d + (out - 1) * s + 1);
      expect(pad.before).toBe(p);
    }
  });

  it("is negative (a crop) when a 'valid' convolution never reads the last rows", () => {
    // 10 rows, k = 2, s = 3: outputs read rows 0..1, 3..4, 6..7; rows 8 and 9 are unused.
    expect(filterGradPadding(10, 3, 2, 3, 1, 0)).toEqual({ before: 0, after: -2 });
  });
});

describe('inputGradPadding', () => {
  it('gives the flipped-filter convolution an output of exactly inSize rows', () => {
    for (const [inSize, k, s, d, p] of [[14, 3, 1, 1, 1], [9, 3, 2, 1, 0], [10, 2, 3, 1, 0], [11, 3, 1, 2, 2]] as const) {
      const out = Math.floor((inSize + 2 * p - (k - 1) * d - 1) / s) + 1;
      const pad = inputGradPadding(inSize, out, k, s, d, p);
      const paddedLength = pad.before + out * s + pad.after;
      expect(paddedLength - (k - 1) * d).toBe(inSize);
      expect(pad.before).toBe((k - 1) * d - p);
    }
  });
});
