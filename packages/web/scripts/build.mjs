// Bundles the page (src/page) with esbuild into dist/page: index.html, style.css, main.js and the
// TensorFlow.js wasm binaries, served from the same folder (nothing is fetched from a CDN).
// The plot specifications of `cbloss report` are bundled from their source (`cbloss-plots/*`): they are pure
// functions (vega-lite specs); `platform: 'browser'` makes the build fail if one of them ever imports Node.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const out = join(root, 'dist', 'page');
const require = createRequire(join(root, 'package.json'));
const libraryVersion = JSON.parse(readFileSync(require.resolve('class-balanced-loss/package.json'), 'utf8')).version;
const wasmDir = dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json'));

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
await build({
  entryPoints: [join(root, 'src', 'page', 'main.ts')],
  outfile: join(out, 'main.js'),
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  minify: true,
  sourcemap: false,
  legalComments: 'linked',
  alias: { 'cbloss-plots': join(root, '..', 'cbloss', 'src', 'report', 'plots'), 'cbloss-models': join(root, '..', 'cbloss', 'src', 'models') },
  define: { __LIBRARY_VERSION__: JSON.stringify(libraryVersion) },
  logLevel: 'warning',
});
for (const file of ['index.html', 'style.css']) copyFileSync(join(root, 'src', 'page', file), join(out, file));
for (const file of ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm']) {
  copyFileSync(join(wasmDir, 'dist', file), join(out, file));
}
