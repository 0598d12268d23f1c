import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { longTailCounts } from 'class-balanced-loss';
import { CblossError } from '../../CblossError.js';
import { createRng, type Rng } from '../../util/rng.js';
import { loadSharp } from './loadSharp.js';
import { STREAM_FORMATS, type StreamFormat } from './streamSpec.js';

/** Options of {@link makeStreamDataset}. */
export interface MakeStreamDatasetOptions {
  /** The layout to write: `'inat'`, `'list'`, `'ilsvrc'` or `'folder'` (see `STREAM_SPEC_HELP`). */
  readonly format: StreamFormat;
  /** Number of classes (1 to tens of thousands). */
  readonly numClasses: number;
  /** Training images of class 0 (the head). */
  readonly maxCount: number;
  /** Class `i` gets `floor(maxCount · (1/IF)^(i/(C−1)))` training images, at least 1. Default 1 (balanced). */
  readonly imbalanceFactor?: number;
  /** Evaluation images per class (balanced, as the paper's validation sets). Default 2. */
  readonly testPerClass?: number;
  /** Range `[min, max]` of each image's width and height, drawn per image. Default [40, 72]. */
  readonly imageSize?: readonly [number, number];
  /** JPEG quality 1–100. Default 90. */
  readonly quality?: number;
  readonly seed?: number;
}

/** What {@link makeStreamDataset} wrote. */
export interface MadeStreamDataset {
  /** The spec that opens it, e.g. `inat:DIR/train.json`. */
  readonly spec: string;
  readonly classNames: readonly string[];
  readonly trainCounts: readonly number[];
  readonly testCount: number;
  /** Every image file written, train then test. */
  readonly files: readonly string[];
}

/** HSV (all in [0, 1]) to 0..255 RGB. */
function hsv(h: number, s: number, v: number): [number, number, number] {
  const i = Math.floor(h * 6);
  const f = h * 6 - i;
  const p = v * (1 - s);
  const q = v * (1 - f * s);
  const t = v * (1 - (1 - f) * s);
  const table: [number, number, number][] = [[v, t, p], [q, v, p], [p, v, t], [p, q, v], [t, p, v], [v, p, q]];
  const [r, g, b] = table[i % 6] as [number, number, number];
  return [255 * r, 255 * g, 255 * b];
}

/**
 * One JPEG of class `c` of `C`: a grating whose hue, orientation and frequency depend on the class
 * (golden-ratio spacing keeps thousands of classes apart), with a random phase, size and pixel noise — content
 * a model can learn from, of any size.
 */
function classImage(c: number, rng: Rng, [minSide, maxSide]: readonly [number, number]): { width: number; height: number; rgb: Uint8Array } {
  const width = minSide + rng.int(maxSide - minSide + 1);
  const height = minSide + rng.int(maxSide - minSide + 1);
  const hue = (c * 0.6180339887) % 1;
  const angle = Math.PI * ((c * 0.4142135623) % 1);
  const frequency = 2 + (c % 5);
  const phase = 2 * Math.PI * rng.next();
  const [cos, sin] = [Math.cos(angle), Math.sin(angle)];
  const rgb = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const u = (x / width) * cos + (y / height) * sin;
      const level = 0.5 + 0.5 * Math.sin(2 * Math.PI * frequency * u + phase);
      const colour = hsv(hue, 0.75, 0.3 + 0.65 * level);
      const o = 3 * (y * width + x);
      for (let k = 0; k < 3; k++) rgb[o + k] = Math.min(255, Math.max(0, Math.round((colour[k] as number) + 12 * rng.normal())));
    }
  }
  return { width, height, rgb };
}

/** Encodes packed RGB as a baseline JPEG (sharp/libjpeg-turbo, 4:2:0 chroma as most cameras). */
async function encodeJpeg({ width, height, rgb }: { width: number; height: number; rgb: Uint8Array }, quality: number): Promise<Buffer> {
  const sharp = await loadSharp();
  return sharp(rgb, { raw: { width, height, channels: 3 } }).jpeg({ quality }).toBuffer();
}

const CLASS_NAME: Readonly<Record<StreamFormat, (c: number) => string>> = {
  inat: (c) => `species_${String(c).padStart(5, '0')}`,
  list: (c) => `class_${String(c).padStart(5, '0')}`,
  ilsvrc: (c) => `n${String(c).padStart(8, '0')}`,
  folder: (c) => `class_${String(c).padStart(5, '0')}`,
};

/** Where a format keeps an image (relative to the root), for sample `k` of class `c`. */
function relativePath(format: StreamFormat, split: 'train' | 'test', name: string, k: number, id: number): string {
  switch (format) {
    case 'inat':
      return `train_val/${['Plantae', 'Animalia', 'Fungi'][id % 3]}/${name}/${id}.jpg`;
    case 'list':
      return `${split === 'train' ? 'train' : 'val'}/${name}/${k}.jpg`;
    case 'ilsvrc':
      return split === 'train' ? `train/${name}/${name}_${k}.JPEG` : `val/ILSVRC2012_val_${String(id).padStart(8, '0')}.JPEG`;
    case 'folder':
      return `${split}/${name}/${k}.jpg`;
  }
}

/**
 * Writes a small dataset in one of the streamed layouts with REAL JPEG files (sharp) and its annotation or
 * list files, long-tailed if asked, for tests, benchmarks and trying the large-scale pipeline without
 * iNaturalist or ImageNet: class `i` has `floor(maxCount · (1/IF)^(i/(C−1)))` training images (at least 1) and
 * `testPerClass` evaluation images; each image is a class-dependent coloured grating (see the source), so a
 * model can learn the classes. Deterministic given `seed`. Files:
 *
 * - `inat`: `train.json`, `val.json` (COCO-style, iNaturalist's fields) and `train_val/<kingdom>/<species>/<id>.jpg`;
 * - `list`: `train.txt`, `val.txt` (`path label`) and `train|val/<class>/<k>.jpg`;
 * - `ilsvrc`: `train/<wnid>/<wnid>_<k>.JPEG`, flat `val/ILSVRC2012_val_<id>.JPEG` and `val.txt` (`FILE INDEX`);
 * - `folder`: `train/<class>/<k>.jpg`, `test/<class>/<k>.jpg`.
 *
 * @example
 * const made = await makeStreamDataset('/tmp/inat-mini', { format: 'inat', numClasses: 1000, maxCount: 20, imbalanceFactor: 10 });
 * made.spec; // 'inat:/tmp/inat-mini/train.json'
 * openStreamDataset(made.spec).trainCounts; // made.trainCounts
 */
export async function makeStreamDataset(root: string, options: MakeStreamDatasetOptions): Promise<MadeStreamDataset> {
  const fn = 'makeStreamDataset';
  const { format, numClasses, maxCount, imbalanceFactor = 1, testPerClass = 2, imageSize = [40, 72], quality = 90, seed = 0 } = options;
  if (!STREAM_FORMATS.includes(format)) throw new CblossError('invalid-argument', `${fn}: 'format' must be one of ${STREAM_FORMATS.join(', ')}; got '${format}'.`);
  if (!Number.isInteger(testPerClass) || testPerClass < 1) throw new CblossError('invalid-argument', `${fn}: 'testPerClass' must be an integer ≥ 1; got ${testPerClass}.`);
  const [minSide, maxSide] = imageSize;
  if (!Number.isInteger(minSide) || !Number.isInteger(maxSide) || minSide < 8 || maxSide < minSide) {
    throw new CblossError('invalid-argument', `${fn}: 'imageSize' must be [min, max] integers with 8 ≤ min ≤ max; got [${imageSize.join(', ')}].`);
  }
  if (!Number.isInteger(quality) || quality < 1 || quality > 100) throw new CblossError('invalid-argument', `${fn}: 'quality' must be an integer in [1, 100]; got ${quality}.`);
  const trainCounts = numClasses === 1 ? [maxCount] : longTailCounts({ maxCount, numClasses, imbalanceFactor });
  const classNames = Array.from({ length: numClasses }, (_, c) => CLASS_NAME[format](c));
  const rng = createRng(seed);
  const files: string[] = [];
  const records = { train: [] as { rel: string; label: number; id: number }[], test: [] as { rel: string; label: number; id: number }[] };
  let id = 1;
  let writes: Promise<void>[] = [];
  for (const split of ['train', 'test'] as const) {
    for (const [c, name] of classNames.entries()) {
      const n = split === 'train' ? Math.max(1, trainCounts[c] ?? 1) : testPerClass;
      const stream = rng.fork(`${split}/class-${c}`);
      for (let k = 0; k < n; k++, id++) {
        const rel = relativePath(format, split, name, k, id);
        const path = join(root, rel);
        mkdirSync(dirname(path), { recursive: true });
        const image = classImage(c, stream, [minSide, maxSide]);
        writes.push(encodeJpeg(image, quality).then((jpeg) => writeFileSync(path, jpeg)));
        files.push(path);
        records[split].push({ rel, label: c, id });
        // A few encodes in flight keep libvips' threads busy without holding many images.
        if (writes.length >= 16) await Promise.all(writes.splice(0));
      }
    }
  }
  await Promise.all(writes);
  writes = [];
  const categories = classNames.map((name, c) => ({ id: c, name, supercategory: ['Plantae', 'Animalia', 'Fungi'][c % 3] }));
  switch (format) {
    case 'inat':
      for (const [split, file] of [['train', 'train.json'], ['test', 'val.json']] as const) {
        const rs = records[split];
        const json = {
          info: { description: `generated by cbloss makeStreamDataset (seed ${seed}), not iNaturalist data` },
          images: rs.map((r) => ({ id: r.id, file_name: r.rel, width: 0, height: 0 })),
          annotations: rs.map((r) => ({ id: r.id, image_id: r.id, category_id: r.label })),
          categories,
        };
        writeFileSync(join(root, file), JSON.stringify(json));
      }
      return { spec: `inat:${join(root, 'train.json')}`, classNames, trainCounts, testCount: records.test.length, files };
    case 'list':
      writeFileSync(join(root, 'train.txt'), records.train.map((r) => `${r.rel} ${r.label}\n`).join(''));
      writeFileSync(join(root, 'val.txt'), records.test.map((r) => `${r.rel} ${r.label}\n`).join(''));
      return { spec: `list:${join(root, 'train.txt')}`, classNames, trainCounts, testCount: records.test.length, files };
    case 'ilsvrc':
      writeFileSync(join(root, 'val.txt'), records.test.map((r) => `${r.rel.slice('val/'.length)} ${r.label}\n`).join(''));
      return { spec: `ilsvrc:${root}`, classNames, trainCounts, testCount: records.test.length, files };
    case 'folder':
      return { spec: `folder:${root}`, classNames, trainCounts, testCount: records.test.length, files };
  }
}
