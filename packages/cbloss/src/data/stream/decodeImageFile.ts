import { CblossError } from '../../CblossError.js';
import { decodeImage, type RgbaImage } from '../decodeImage.js';
import { loadSharp } from './loadSharp.js';

/**
 * The image decoders of the stream: `'sharp'` (libvips with libjpeg-turbo, prebuilt in its npm package, the
 * default: several times faster) and `'jpeg-js'` (pure JavaScript, as `decodeImage`). They may differ by a
 * few levels per pixel (IDCT and chroma up-sampling), so keep one decoder across runs you compare.
 */
export const IMAGE_DECODERS = ['sharp', 'jpeg-js'] as const;

/** One of {@link IMAGE_DECODERS}. */
export type ImageDecoder = (typeof IMAGE_DECODERS)[number];


/**
 * Decodes a JPEG or PNG file's bytes to RGBA with the chosen decoder; grey, CMYK or alpha images become
 * 8-bit sRGB + alpha. EXIF orientation is not applied (as PIL and torchvision). A truncated or corrupt file
 * is `invalid-file` naming `path` (sharp fails on libjpeg's warnings, e.g. "premature end of JPEG image").
 *
 * @example
 * const image = await decodeImageFile(readFileSync(path), path, 'sharp');
 * image.width, image.height, image.rgba.length; // 500, 375, 750000
 */
export async function decodeImageFile(bytes: Uint8Array, path: string, decoder: ImageDecoder): Promise<RgbaImage> {
  if (decoder === 'jpeg-js') return decodeImage(bytes, path);
  const sharp = await loadSharp();
  // One libvips thread per decode: N pool workers then use N threads, as N DataLoader worker processes.
  if (sharp.concurrency() !== 1) sharp.concurrency(1);
  try {
    const { data, info } = await sharp(bytes, { failOn: 'warning' }).toColourspace('srgb').ensureAlpha().raw().toBuffer({ resolveWithObject: true });
    if (info.channels !== 4 || data.length !== info.width * info.height * 4) throw new Error(`decoded ${info.width}x${info.height}x${info.channels}`);
    return { width: info.width, height: info.height, rgba: new Uint8Array(data.buffer, data.byteOffset, data.length) };
  } catch (e) {
    throw new CblossError('invalid-file', `decodeImageFile: file '${path}' must be a valid JPEG or PNG image; got '${(e as Error).message.split('\n')[0]}'.`);
  }
}
