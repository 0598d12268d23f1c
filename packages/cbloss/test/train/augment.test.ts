import { describe, expect, it } from 'vitest';
import { augmentBatch } from '../../src/train/augment.js';
import { createRng } from '../../src/util/rng.js';
import { CblossError } from '../../src/CblossError.js';

/** Naive reference: build the zero-padded image, crop at (padding + dy, padding + dx), then mirror. */
function reference(
  image: Uint8Array,
  [h, w, c]: [number, number, number],
  padding: number,
  dy: number,
  dx: number,
  mirror: boolean,
): Uint8Array {
  const ph = h + 2 * padding;
  const pw = w + 2 * padding;
  const padded = new Uint8Array(ph * pw * c);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++)
      for (let k = 0; k < c; k++) padded[((y + padding) * pw + x + padding) * c + k] = image[(y * w + x) * c + k]!;
  const crop = new Uint8Array(h * w * c);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++)
      for (let k = 0; k < c; k++) crop[(y * w + x) * c + k] = padded[((y + padding + dy) * pw + x + padding + dx) * c + k]!;
  if (!mirror) return crop;
  const out = new Uint8Array(h * w * c);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++)
      for (let k = 0; k < c; k++) out[(y * w + x) * c + k] = crop[(y * w + (w - 1 - x)) * c + k]!;
  return out;
}

const shape: [number, number, number] = [6, 5, 3];
const size = 6 * 5 * 3;

function randomImages(count: number, seed: number): Uint8Array {
  const rng = createRng(seed);
  return Uint8Array.from({ length: count * size }, () => 1 + rng.int(255)); // no zeros: padding is visible
}

describe('augmentBatch', () => {
  it('equals pad-crop-flip done naively, with offsets and flips replayed from the same seed', () => {
    const count = 40;
    const pixels = randomImages(count, 3);
    const out = augmentBatch(pixels, count, shape, createRng(11).fork('augment:0'), { padding: 2 });
    const replay = createRng(11).fork('augment:0');
    let mirrored = 0;
    for (let n = 0; n < count; n++) {
      const dy = replay.int(5) - 2;
      const dx = replay.int(5) - 2;
      const mirror = replay.next() < 0.5;
      mirrored += mirror ? 1 : 0;
      const expected = reference(pixels.subarray(n * size, (n + 1) * size), shape, 2, dy, dx, mirror);
      expect(Array.from(out.subarray(n * size, (n + 1) * size))).toEqual(Array.from(expected));
    }
    expect(mirrored).toBeGreaterThan(5);
    expect(mirrored).toBeLessThan(35);
  });

  it('is the identity with padding 0 and no flip, and does not modify its input', () => {
    const pixels = randomImages(3, 5);
    const copy = pixels.slice();
    expect(Array.from(augmentBatch(pixels, 3, shape, createRng(1), { padding: 0, flip: false }))).toEqual(Array.from(pixels));
    augmentBatch(pixels, 3, shape, createRng(1));
    expect(pixels).toEqual(copy);
  });

  it('is deterministic given the generator state and differs between seeds', () => {
    const pixels = randomImages(16, 9);
    const a = augmentBatch(pixels, 16, shape, createRng(1));
    const b = augmentBatch(pixels, 16, shape, createRng(1));
    const c = augmentBatch(pixels, 16, shape, createRng(2));
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });

  it("with 'skip: k', images k.. of a batch get what they get when the whole batch is augmented (a data-parallel rank's part)", () => {
    const pixels = randomImages(11, 4);
    const whole = augmentBatch(pixels, 11, shape, createRng(7).fork('batch:3'));
    const head = augmentBatch(pixels.subarray(0, 5 * size), 5, shape, createRng(7).fork('batch:3'));
    const tail = augmentBatch(pixels.subarray(5 * size), 6, shape, createRng(7).fork('batch:3'), { skip: 5 });
    expect(Array.from(head)).toEqual(Array.from(whole.subarray(0, 5 * size)));
    expect(Array.from(tail)).toEqual(Array.from(whole.subarray(5 * size)));
    // Without the skip the tail would be augmented like the head's first images.
    expect(Array.from(augmentBatch(pixels.subarray(5 * size), 6, shape, createRng(7).fork('batch:3')))).not.toEqual(Array.from(tail));
    expect(() => augmentBatch(pixels, 11, shape, createRng(1), { skip: -1 })).toThrow("augmentBatch: 'skip' must be an integer >= 0; got -1.");
  });

  it('rejects bad shapes', () => {
    expect(() => augmentBatch(new Uint8Array(10), 1, shape, createRng(1))).toThrow(CblossError);
    expect(() => augmentBatch(new Uint8Array(10), 1, shape, createRng(1))).toThrow(
      "augmentBatch: 'pixels' must have count × H × W × C = 90 values; got 10.",
    );
    expect(() => augmentBatch(new Uint8Array(4), 1, [4], createRng(1))).toThrow("'imageShape' must be [H, W, C]; got [4].");
  });
});
