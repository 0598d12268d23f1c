import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CbLossError } from 'class-balanced-loss';
import type { DataSplit, Dataset } from '../types.js';
import { decodeImage, type RgbaImage } from './decodeImage.js';
import { readBytes } from './readBytes.js';
import { resizeBilinear } from './resizeBilinear.js';

/** Options of {@link loadImageFolder}. */
export interface ImageFolderOptions {
  /** `[height, width]` to resize every image to (bilinear). Default: none, all images must have one size. */
  readonly imageSize?: readonly [number, number];
}

const IMAGE_EXTENSIONS = /\.(png|jpe?g)$/i;

const visible = (name: string): boolean => !name.startsWith('.');

function listDirs(dir: string): string[] {
  return readdirSync(dir).filter((n) => visible(n) && statSync(join(dir, n)).isDirectory()).sort();
}

function listImages(dir: string): string[] {
  return readdirSync(dir).filter((n) => visible(n) && IMAGE_EXTENSIONS.test(n) && statSync(join(dir, n)).isFile()).sort();
}

interface Decoded {
  readonly path: string;
  readonly label: number;
  readonly image: RgbaImage;
}

function decodeSplit(root: string, split: 'train' | 'test', classes: readonly string[]): Decoded[] {
  const out: Decoded[] = [];
  classes.forEach((cls, label) => {
    const dir = join(root, split, cls);
    const files = listImages(dir);
    if (split === 'train' && files.length === 0) {
      throw new CbLossError(
        'invalid-file',
        `loadImageFolder: class directory '${dir}' must hold at least one .png/.jpg/.jpeg image; got none.`,
      );
    }
    for (const file of files) {
      const path = join(dir, file);
      out.push({ path, label, image: decodeImage(readBytes('loadImageFolder', path), path) });
    }
  });
  return out;
}

const isGray = ({ rgba }: RgbaImage): boolean => {
  for (let i = 0; i < rgba.length; i += 4) if (rgba[i] !== rgba[i + 1] || rgba[i] !== rgba[i + 2]) return false;
  return true;
};

function toSplit(images: readonly Decoded[], height: number, width: number, channels: number): DataSplit {
  const size = height * width * channels;
  const x = new Uint8Array(images.length * size);
  const labels = new Int32Array(images.length);
  images.forEach(({ image, label }, n) => {
    const pixels = image.width * image.height;
    const packed = new Uint8Array(pixels * channels);
    // Drop alpha (transparent pixels keep their colour); grayscale keeps the red channel (= G = B).
    for (let p = 0; p < pixels; p++) for (let c = 0; c < channels; c++) packed[p * channels + c] = image.rgba[p * 4 + c] ?? 0;
    const same = image.height === height && image.width === width;
    x.set(same ? packed : resizeBilinear(packed, image.height, image.width, channels, height, width), n * size);
    labels[n] = label;
  });
  return { x, labels, count: images.length };
}

/**
 * Loads an image-folder dataset: `ROOT/train/<class>/*.{png,jpg,jpeg}` and `ROOT/test/<class>/*`.
 *
 * - Classes are the sub-directories of `ROOT/train` in sorted (code-point) order; `ROOT/test` must have the
 *   same set (a test class may be empty, a training class may not). Hidden entries and files with other
 *   extensions are ignored; PNG and JPEG are told apart by their content.
 * - Channels: 1 if every image is gray (R = G = B everywhere), else 3 (RGB). Alpha is dropped.
 * - Size: with `imageSize` `[H, W]` every image is resized to it by {@link resizeBilinear}; without it all
 *   images must share the first training image's size, and a different one is rejected (`shape-mismatch`,
 *   naming both files) rather than silently distorted.
 *
 * @example
 * const ds = loadImageFolder('/data/pets', { imageSize: [32, 32] });
 * ds.sampleShape; // [32, 32, 3]
 * ds.classNames;  // ['cat', 'dog']
 */
export function loadImageFolder(root: string, options: ImageFolderOptions = {}): Dataset {
  const fn = 'loadImageFolder';
  const { imageSize } = options;
  if (imageSize !== undefined && !(imageSize.length === 2 && imageSize.every((v) => Number.isInteger(v) && v > 0))) {
    throw new CbLossError('invalid-argument', `${fn}: 'imageSize' must be [height, width] of positive integers; got [${imageSize.join(', ')}].`);
  }
  const dir = resolve(root);
  for (const split of ['train', 'test']) {
    if (!existsSync(join(dir, split)) || !statSync(join(dir, split)).isDirectory()) {
      throw new CbLossError('not-found', `${fn}: '${dir}' must contain a '${split}' directory with one sub-directory per class; got none.`);
    }
  }
  const classes = listDirs(join(dir, 'train'));
  const testClasses = listDirs(join(dir, 'test'));
  if (classes.length === 0) {
    throw new CbLossError('invalid-file', `${fn}: '${join(dir, 'train')}' must contain one sub-directory per class; got none.`);
  }
  if (classes.join('\n') !== testClasses.join('\n')) {
    throw new CbLossError(
      'invalid-file',
      `${fn}: '${join(dir, 'test')}' must have the same class directories as train [${classes.join(', ')}]; got [${testClasses.join(', ')}].`,
    );
  }
  const train = decodeSplit(dir, 'train', classes);
  const test = decodeSplit(dir, 'test', classes);
  const all = [...train, ...test];
  const first = train[0] as Decoded;
  const [height, width] = imageSize ?? [first.image.height, first.image.width];
  if (imageSize === undefined) {
    const odd = all.find((d) => d.image.height !== height || d.image.width !== width);
    if (odd !== undefined) {
      throw new CbLossError(
        'shape-mismatch',
        `${fn}: images must all be ${height}x${width} like '${first.path}' when 'imageSize' is not given ` +
          `(pass imageSize to resize); got ${odd.image.height}x${odd.image.width} for '${odd.path}'.`,
      );
    }
  }
  const channels = all.every((d) => isGray(d.image)) ? 1 : 3;
  return {
    name: `folder:${root}`,
    kind: 'image',
    sampleShape: [height, width, channels],
    numClasses: classes.length,
    classNames: classes,
    train: toSplit(train, height, width, channels),
    test: toSplit(test, height, width, channels),
    source: dir,
  };
}
