import { fileURLToPath } from 'node:url';

/**
 * The folder of the built page (`dist/page` of this package: index.html, main.js, the TensorFlow.js wasm
 * files), made by `npm run build`.
 *
 * @example
 * pageDir(); // '/…/node_modules/class-balanced-loss-web/dist/page'
 */
export function pageDir(): string {
  return fileURLToPath(new URL('../page', import.meta.url));
}
