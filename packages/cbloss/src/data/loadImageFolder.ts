import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { DataSplit, Dataset } from '../types.js';
import { decodeImage, type RgbaImage } from './decodeImage.js';
import { readBytes } from './readBytes.js';
import { resizeBilinear } from './resizeBilinear.js';
import { CblossError } from '../CblossError.js';
import { RunOptionsError } from '../run/RunOptionsError.js';

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

/** Images of one split, each already at the target size as packed RGB (3 bytes per pixel). */
interface RgbSplit {
  readonly rgb: Uint8Array[];
  readonly labels: number[];
}

/**
 * What the decoding learns as it goes: the target size (from `imageSize`, which allows resizing, or else
 * from the first image, `firstPath`, which every other image must match) and whether all images are gray.
 */
interface SizeState {
  size?: { readonly height: number; readonly width: number; readonly resize: boolean; readonly firstPath: string };
  gray: boolean;
}

const isGray = ({ rgba }: RgbaImage): boolean => {
  for (let i = 0; i < rgba.length; i += 4) if (rgba[i] !== rgba[i + 1] || rgba[i] !== rgba[i + 2]) return false;
  return true;
};

/** Drops alpha (transparent pixels keep their colour): RGBA → packed RGB. */
function toRgb({ rgba, width, height }: RgbaImage): Uint8Array {
  const rgb = new Uint8Array(width * height * 3);
  for (let p = 0; p < width * height; p++) {
    rgb[3 * p] = rgba[4 * p] ?? 0;
    rgb[3 * p + 1] = rgba[4 * p + 1] ?? 0;
    rgb[3 * p + 2] = rgba[4 * p + 2] ?? 0;
  }
  return rgb;
}

/**
 * Decodes one split, converting each image to the target size right away, so memory holds only
 * `count × H × W × 3` bytes, never every full-size RGBA image at once.
 */
function decodeSplit(root: string, split: 'train' | 'test', classes: readonly string[], state: SizeState): RgbSplit {
  const out: RgbSplit = { rgb: [], labels: [] };
  classes.forEach((cls, label) => {
    const dir = join(root, split, cls);
    const files = listImages(dir);
    if (split === 'train' && files.length === 0) {
      throw new CblossError(
        'invalid-file',
        `loadImageFolder: class directory '${dir}' must hold at least one .png/.jpg/.jpeg image; got none.`,
      );
    }
    for (const file of files) {
      const path = join(dir, file);
      const image = decodeImage(readBytes('loadImageFolder', path), path);
      state.size ??= { height: image.height, width: image.width, resize: false, firstPath: path };
      const { height, width } = state.size;
      const same = image.height === height && image.width === width;
      if (!same && !state.size.resize) {
        throw new CblossError(
          'shape-mismatch',
          `loadImageFolder: images must all be ${height}x${width} like '${state.size.firstPath}' when 'imageSize' is not given ` +
            `(pass imageSize to resize); got ${image.height}x${image.width} for '${path}'.`,
        );
      }
      state.gray &&= isGray(image);
      const rgb = toRgb(image);
      out.rgb.push(same ? rgb : resizeBilinear(rgb, image.height, image.width, 3, height, width));
      out.labels.push(label);
    }
  });
  return out;
}

/** Packs a split into NHWC with 3 channels, or 1 (the red channel, = G = B) when every image is gray. */
function toSplit({ rgb, labels }: RgbSplit, pixels: number, channels: number): DataSplit {
  const x = new Uint8Array(rgb.length * pixels * channels);
  rgb.forEach((image, n) => {
    if (channels === 3) x.set(image, n * pixels * 3);
    else for (let p = 0; p < pixels; p++) x[n * pixels + p] = image[3 * p] ?? 0;
  });
  return { x, labels: Int32Array.from(labels), count: labels.length };
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
    throw new CblossError('invalid-argument', `${fn}: 'imageSize' must be [height, width] of positive integers; got [${imageSize.join(', ')}].`);
  }
  const dir = resolve(root);
  for (const split of ['train', 'test']) {
    if (!existsSync(join(dir, split)) || !statSync(join(dir, split)).isDirectory()) {
      throw new RunOptionsError(fn, 'root', `contain a '${split}' directory with one sub-directory per class`, dir, 'not-found');
    }
  }
  const classes = listDirs(join(dir, 'train'));
  const testClasses = listDirs(join(dir, 'test'));
  if (classes.length === 0) {
    throw new CblossError('invalid-file', `${fn}: '${join(dir, 'train')}' must contain one sub-directory per class; got none.`);
  }
  if (classes.join('\n') !== testClasses.join('\n')) {
    throw new CblossError(
      'invalid-file',
      `${fn}: '${join(dir, 'test')}' must have the same class directories as train [${classes.join(', ')}]; got [${testClasses.join(', ')}].`,
    );
  }
  const state: SizeState = { gray: true };
  if (imageSize) state.size = { height: imageSize[0], width: imageSize[1], resize: true, firstPath: '' };
  const train = decodeSplit(dir, 'train', classes, state);
  const test = decodeSplit(dir, 'test', classes, state);
  const { height, width } = state.size ?? { height: 0, width: 0 };
  const channels = state.gray ? 1 : 3;
  return {
    name: `folder:${root}`,
    kind: 'image',
    sampleShape: [height, width, channels],
    numClasses: classes.length,
    classNames: classes,
    train: toSplit(train, height * width, channels),
    test: toSplit(test, height * width, channels),
    source: dir,
  };
}
