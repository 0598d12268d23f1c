import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';

/** One class of a generated folder: its name, how many images, and its base color (RGB 0–255). */
export interface GeneratedClass {
  readonly name: string;
  readonly count: number;
  readonly color: readonly [number, number, number];
}

/**
 * Writes a long-tailed image folder `root/<class>/<i>.png` of tiny `size × size` PNGs: each image is its
 * class's color plus seeded uniform noise of ±`noise` per channel, so that the classes are easy to tell
 * apart but no two images are equal.
 *
 * @example
 * makeImageFolder('/tmp/pets', [{ name: 'red', count: 40, color: [220, 40, 40] }, …], 8);
 */
export function makeImageFolder(root: string, classes: readonly GeneratedClass[], size = 8, noise = 40): void {
  let state = 12345;
  const random = (): number => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 4294967296;
  };
  for (const { name, count, color } of classes) {
    mkdirSync(join(root, name), { recursive: true });
    for (let i = 0; i < count; i++) {
      const png = new PNG({ width: size, height: size });
      for (let p = 0; p < size * size; p++) {
        for (let ch = 0; ch < 3; ch++) {
          png.data[4 * p + ch] = Math.max(0, Math.min(255, Math.round((color[ch] as number) + (random() * 2 - 1) * noise)));
        }
        png.data[4 * p + 3] = 255;
      }
      writeFileSync(join(root, name, `${String(i).padStart(3, '0')}.png`), PNG.sync.write(png));
    }
  }
  writeFileSync(join(root, 'README.txt'), 'not an image: skipped by the page\n');
}
