/** Content types of the files of the built page, by extension; anything else is served as bytes. */
export const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * The `Content-Type` of a file served by {@link servePage}, from its extension (`.wasm` must be
 * `application/wasm` for `WebAssembly.instantiateStreaming`).
 *
 * @example
 * contentType('main.js');    // 'text/javascript; charset=utf-8'
 * contentType('model.bin');  // 'application/octet-stream'
 */
export function contentType(path: string): string {
  const dot = path.lastIndexOf('.');
  return (dot >= 0 ? CONTENT_TYPES[path.slice(dot).toLowerCase()] : undefined) ?? 'application/octet-stream';
}
