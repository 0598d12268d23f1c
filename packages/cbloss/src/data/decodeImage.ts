import { PNG } from 'pngjs';
import { decode as decodeJpeg } from 'jpeg-js';
import { fileError } from './fileError.js';

/** A decoded image: `width × height` pixels, 4 bytes (R, G, B, A) each, row-major. */
export interface RgbaImage {
  readonly width: number;
  readonly height: number;
  readonly rgba: Uint8Array;
}

/**
 * Decodes a PNG (via pngjs; 16-bit channels rescaled to 8) or a baseline/progressive JPEG (via jpeg-js) to
 * RGBA, telling the formats apart by their magic bytes (`89 50 4E 47` / `FF D8 FF`), not the extension.
 * `path` is only used in error messages: unknown or corrupt data gives `invalid-file` naming it.
 *
 * @example
 * const img = decodeImage(readFileSync('cat.png'), 'cat.png');
 * img.width, img.height, img.rgba.length; // 32, 32, 4096
 */
export function decodeImage(bytes: Uint8Array, path: string): RgbaImage {
  const fn = 'decodeImage';
  const isPng = bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47;
  const isJpeg = bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
  if (!isPng && !isJpeg) {
    const head = Array.from(bytes.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join('');
    throw fileError(fn, path, 'be a PNG (89504e47) or JPEG (ffd8ff) image', `magic bytes 0x${head}`);
  }
  try {
    if (isPng) {
      const png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
      return { width: png.width, height: png.height, rgba: new Uint8Array(png.data.buffer, png.data.byteOffset, png.data.length) };
    }
    const jpg = decodeJpeg(bytes, { useTArray: true, formatAsRGBA: true });
    if (jpg.width <= 0 || jpg.height <= 0 || jpg.data.length !== jpg.width * jpg.height * 4) {
      throw new Error(`decoded ${jpg.width}x${jpg.height} with ${jpg.data.length} bytes`);
    }
    return { width: jpg.width, height: jpg.height, rgba: jpg.data };
  } catch (e) {
    throw fileError(fn, path, `be a valid ${isPng ? 'PNG' : 'JPEG'} image`, `'${(e as Error).message}'`);
  }
}
