import { join } from 'node:path';
import { encode as encodeJpeg } from 'jpeg-js';
import type { StreamSplit } from '../../../src/data/stream/StreamDataset.js';
import { put } from '../tempDir.js';

/** `distinct` different real JPEGs (sizes and content vary), encoded once each. */
export function sampleJpegs(distinct: number): Uint8Array[] {
  return Array.from({ length: distinct }, (_, k) => {
    const width = 20 + 7 * k;
    const height = 16 + 5 * k;
    const rgba = new Uint8Array(width * height * 4);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) rgba.set([(x * 11 + k * 40) % 256, (y * 13) % 256, ((x + y) * 5 + k * 70) % 256, 255], 4 * (y * width + x));
    }
    return encodeJpeg({ width, height, data: rgba }, 90).data;
  });
}

/** A split of `count` real JPEG files in `dir` (cycling through `jpegs`), labels `i % classes`. */
export function jpegSplit(dir: string, count: number, jpegs: readonly Uint8Array[], classes = 3): StreamSplit {
  const paths = Array.from({ length: count }, (_, i) => put(dir, `img/${i}.jpg`, jpegs[i % jpegs.length] as Uint8Array));
  return { paths, labels: Int32Array.from({ length: count }, (_, i) => i % classes), count };
}

/** The bad files of the tests: missing, truncated, corrupt (JPEG magic, garbage after), not an image. */
export function badFiles(dir: string, good: Uint8Array): Record<'missing' | 'truncated' | 'corrupt' | 'text', string> {
  const corrupt = Uint8Array.from(good);
  corrupt.fill(0xff, 4, Math.min(corrupt.length, 400));
  return {
    missing: join(dir, 'bad/missing.jpg'),
    truncated: put(dir, 'bad/truncated.jpg', good.subarray(0, Math.floor(good.length / 2))),
    corrupt: put(dir, 'bad/corrupt.jpg', corrupt),
    text: put(dir, 'bad/text.jpg', 'this is not an image\n'),
  };
}
