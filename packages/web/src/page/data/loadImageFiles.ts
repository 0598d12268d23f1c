import { CbLossError } from 'class-balanced-loss';
import { groupByClassFolder } from './classFolders.js';
import type { PageDataset } from './PageDataset.js';

/** A file with the path it had in the picked or dropped folder. */
export interface FolderFile {
  readonly file: Blob;
  /** `/`-separated, e.g. `pets/cat/1.png` (the `webkitRelativePath` of a picked file). */
  readonly path: string;
}

/**
 * Decodes an image in the browser (`createImageBitmap`) and resizes it to `size × size` on a canvas
 * (the browser's bilinear smoothing); returns RGB values in [0, 1], row-major `[size, size, 3]`.
 */
async function decodeImage(file: FolderFile, size: number, canvas: OffscreenCanvas): Promise<Float32Array> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file.file);
  } catch {
    throw new CbLossError('invalid-file', `loadImageFiles: '${file.path}' must be an image the browser can decode; got an undecodable file.`);
  }
  const context = canvas.getContext('2d', { willReadFrequently: true }) as OffscreenCanvasRenderingContext2D;
  context.clearRect(0, 0, size, size);
  context.drawImage(bitmap, 0, 0, size, size);
  bitmap.close();
  const rgba = context.getImageData(0, 0, size, size).data;
  const rgb = new Float32Array(size * size * 3);
  for (let p = 0; p < size * size; p++) {
    rgb[3 * p] = (rgba[4 * p] as number) / 255;
    rgb[3 * p + 1] = (rgba[4 * p + 1] as number) / 255;
    rgb[3 * p + 2] = (rgba[4 * p + 2] as number) / 255;
  }
  return rgb;
}

/**
 * Reads a folder of class subfolders of images (see `groupByClassFolder`) entirely in the browser: every
 * image is decoded and resized to `size × size` RGB. Nothing is uploaded.
 *
 * @param onProgress - called with (images decoded, total) every few images.
 * @throws CbLossError('invalid-file') for fewer than 2 class folders or an image the browser cannot decode.
 * @example
 * const dataset = await loadImageFiles(files, 32, (done, total) => console.log(done, total));
 * dataset.sampleShape; // [32, 32, 3]
 */
export async function loadImageFiles(files: readonly FolderFile[], size: number, onProgress?: (done: number, total: number) => void): Promise<PageDataset> {
  const folders = groupByClassFolder(files.map((f) => f.path));
  const canvas = new OffscreenCanvas(size, size);
  const sampleSize = size * size * 3;
  const x = new Float32Array(folders.images.length * sampleSize);
  const labels = new Int32Array(folders.images.length);
  for (const [i, image] of folders.images.entries()) {
    x.set(await decodeImage(files[image.index] as FolderFile, size, canvas), i * sampleSize);
    labels[i] = image.label;
    if (i % 25 === 24 || i === folders.images.length - 1) onProgress?.(i + 1, folders.images.length);
  }
  const root = files[0]?.path.split('/')[0] ?? 'folder';
  return { kind: 'images', name: root, classNames: folders.classNames, x, sampleShape: [size, size, 3], labels, samplesPerClass: folders.samplesPerClass, skipped: folders.skipped };
}
