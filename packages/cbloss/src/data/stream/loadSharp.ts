/** sharp's default export (the constructor), loaded once and only when an image is decoded or encoded. */
export type Sharp = typeof import('sharp').default;

let sharpModule: Promise<Sharp> | undefined;

/**
 * Loads sharp (libvips, prebuilt binaries inside its npm packages) on first use, so importing cbloss does
 * not load a native library that a run on in-memory data never needs.
 * @example const sharp = await loadSharp(); await sharp(bytes).metadata();
 */
export function loadSharp(): Promise<Sharp> {
  sharpModule ??= import('sharp').then((m) => m.default);
  return sharpModule;
}
