import { createRequire } from 'node:module';

let cached: string | undefined;

/**
 * The version of the `cbloss` package, read once from its `package.json` (found by the package's own name,
 * so from `src/`, `dist/` and `dist/cjs/` alike); recorded in every `results.json`.
 *
 * @example
 * cblossVersion(); // '0.2.0'
 */
export function cblossVersion(): string {
  if (cached === undefined) {
    cached = (createRequire(import.meta.url)('cbloss/package.json') as { version: string }).version;
  }
  return cached;
}
