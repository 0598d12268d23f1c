import { encode as encodeJpeg } from 'jpeg-js';
import { PNG } from 'pngjs';

/** A `width × height` RGBA image with every pixel `rgba`. */
export function solid(width: number, height: number, rgba: readonly [number, number, number, number]): Uint8Array {
  const out = new Uint8Array(width * height * 4);
  for (let p = 0; p < width * height; p++) out.set(rgba, p * 4);
  return out;
}

/** Encodes RGBA pixels as PNG (colour type 6). */
export function pngBytes(width: number, height: number, rgba: Uint8Array): Uint8Array {
  const png = new PNG({ width, height });
  png.data = Buffer.from(rgba);
  return PNG.sync.write(png);
}

/** Encodes RGBA pixels as a quality-100 JPEG. */
export function jpegBytes(width: number, height: number, rgba: Uint8Array): Uint8Array {
  return encodeJpeg({ width, height, data: rgba }, 100).data;
}
