// @ts-check
// CIFAR-sized RGB data in CIFAR-10's binary format, generated like the suite's images (bench/parity's
// longTailedImages: each class a random uint8 prototype, each image half the prototype plus uniform noise), so that
// `cbloss train --dataset cifar10 --data-dir DIR` and bench/e2e/torch_train.py read the same files.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createRng } from 'cbloss';

const SIZE = 32 * 32 * 3;

/**
 * Writes `data_batch_1.bin` … `data_batch_5.bin` (`perClass` images of each of the 10 classes, spread over the five
 * files) and `test_batch.bin` (`testPerClass` per class) into `dir`: records of one label byte and 3072 pixel bytes
 * (R, G, B planes of 32×32, CIFAR-10's layout). Deterministic in `seed`.
 * @param {string} dir
 * @param {{ perClass: number, testPerClass: number, seed: number }} o
 */
export async function writeCifarLikeFiles(dir, o) {
  await mkdir(dir, { recursive: true });
  const rng = createRng(o.seed).fork('e2e-cifar');
  const prototypes = Array.from({ length: 10 }, () => Uint8Array.from({ length: SIZE }, () => rng.int(256)));
  /** @param {number} perClass */
  const records = (perClass) => {
    const out = new Uint8Array(10 * perClass * (SIZE + 1));
    let r = 0;
    for (let k = 0; k < perClass; k++) {
      for (let c = 0; c < 10; c++, r++) {
        const base = r * (SIZE + 1);
        out[base] = c;
        const proto = /** @type {Uint8Array} */ (prototypes[c]);
        for (let i = 0; i < SIZE; i++) out[base + 1 + i] = Math.min(255, (/** @type {number} */ (proto[i]) >> 1) + rng.int(128));
      }
    }
    return out;
  };
  const train = records(o.perClass);
  const recordsPerFile = Math.ceil((10 * o.perClass) / 5);
  for (let f = 0; f < 5; f++) {
    await writeFile(join(dir, `data_batch_${f + 1}.bin`), train.subarray(f * recordsPerFile * (SIZE + 1), Math.min(train.length, (f + 1) * recordsPerFile * (SIZE + 1))));
  }
  await writeFile(join(dir, 'test_batch.bin'), records(o.testPerClass));
}
