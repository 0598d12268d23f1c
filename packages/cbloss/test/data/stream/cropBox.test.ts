import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { centerCropBox, randomResizedCropBox, roundHalfEven } from '../../../src/data/stream/cropBox.js';
import { createRng, type Rng } from '../../../src/util/rng.js';

/** An Rng whose next() returns the given values in turn (int(n) = floor(next()·n), as createRng's). */
function scripted(values: number[]): Rng {
  const rng = createRng(0);
  let k = 0;
  const next = (): number => {
    const v = values[k++];
    if (v === undefined) throw new Error('scripted rng exhausted');
    return v;
  };
  return { ...rng, next, int: (n) => Math.floor(next() * n) };
}

describe('roundHalfEven (Python round)', () => {
  it('rounds halves to the even neighbour, the rest to the nearest', () => {
    expect([0.5, 1.5, 2.5, 3.5, 2.4999, 2.5001, 7].map(roundHalfEven)).toEqual([0, 2, 2, 4, 2, 3, 7]);
  });
});

describe('randomResizedCropBox (torchvision RandomResizedCrop.get_params)', () => {
  it('accepts the first try that fits, then places it with two draws', () => {
    // 200x100 image, area 20000. Try 1: u = 0.5 → area 20000·(0.08 + 0.92·0.5) = 10800; ratio draw 0.5 →
    // r = exp(0) = 1 → w = h = round(√10800) = round(103.92) = 104 > 100 rows: rejected.
    // Try 2: u = 0.0 → area 1600; ratio draw 1.0 → r = 4/3 → w = round(√(1600·4/3)) = round(46.19) = 46,
    // h = round(√(1600·3/4)) = round(34.64) = 35; top = floor(0.5·(100 − 35 + 1)) = 33, left = floor(0.25·(200 − 46 + 1)) = 38.
    const box = randomResizedCropBox(200, 100, scripted([0.5, 0.5, 0.0, 1.0, 0.5, 0.25]));
    expect(box).toEqual({ top: 33, left: 38, height: 35, width: 46 });
  });

  it('falls back to the centre crop after 10 failed tries (whole image when its ratio is within [3/4, 4/3])', () => {
    // u = 0.999 → area ≈ 0.9992·A, ratio draw 0.999 → r ≈ 4/3: w ≈ 1.154·100 = 115 > 100 every time.
    const fails = (): Rng => scripted(new Array(20).fill(0.999));
    expect(randomResizedCropBox(100, 100, fails())).toEqual({ top: 0, left: 0, height: 100, width: 100 });
    // 300x100 (ratio 3 > 4/3): h = 100, w = round(100·4/3) = 133, left = floor(167/2) = 83.
    expect(randomResizedCropBox(300, 100, fails())).toEqual({ top: 0, left: 83, height: 100, width: 133 });
    // 100x300 (ratio 1/3 < 3/4): w = 100, h = round(100/(3/4)) = 133, top = floor(167/2) = 83.
    expect(randomResizedCropBox(100, 300, fails())).toEqual({ top: 83, left: 0, height: 133, width: 100 });
  });

  it('always lies inside the image, with area ≥ 8% and ratio in [3/4, 4/3] up to rounding (seeded property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 600 }), fc.integer({ min: 1, max: 600 }), fc.integer(), (w, h, seed) => {
        const box = randomResizedCropBox(w, h, createRng(seed));
        expect(box.top).toBeGreaterThanOrEqual(0);
        expect(box.left).toBeGreaterThanOrEqual(0);
        expect(box.height).toBeGreaterThan(0);
        expect(box.width).toBeGreaterThan(0);
        expect(box.top + box.height).toBeLessThanOrEqual(h);
        expect(box.left + box.width).toBeLessThanOrEqual(w);
        if (w >= 50 && h >= 50 && w / h < 1.3 && h / w < 1.3) {
          expect((box.width * box.height) / (w * h)).toBeGreaterThan(0.07);
          expect(box.width / box.height).toBeGreaterThan(0.7);
          expect(box.width / box.height).toBeLessThan(1.4);
        }
      }),
      { seed: 9, numRuns: 300 },
    );
  });
});

describe('centerCropBox (the paper code’s eval crop, padding 32)', () => {
  it('takes size/(size + padding) of the shorter side, centred', () => {
    // 224/256 · 375 = 328.125 → 328; top = floor((375 − 328 + 1)/2) = 24; left = floor((500 − 328 + 1)/2) = 86.
    expect(centerCropBox(500, 375, 224, 32)).toEqual({ top: 24, left: 86, height: 328, width: 328 });
    // A 256x256 image gives exactly the middle 224x224 (resize 256 → crop 224 is the identity resize).
    expect(centerCropBox(256, 256, 224, 32)).toEqual({ top: 16, left: 16, height: 224, width: 224 });
    // 320 px with padding 32: 320/352 · 480 = 436.36 → 436.
    expect(centerCropBox(640, 480, 320, 32)).toEqual({ top: 22, left: 102, height: 436, width: 436 });
    // Padding 0: the largest centred square.
    expect(centerCropBox(10, 4, 224, 0)).toEqual({ top: 0, left: 3, height: 4, width: 4 });
  });
});
