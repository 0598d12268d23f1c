import { readFileSync } from 'node:fs';

let cached: string | undefined;

/**
 * The version of the `cbloss` package, read once from its `package.json` (two levels above `src/run/` and
 * `dist/run/`); recorded in every `results.json`.
 *
 * @example
 * cblossVersion(); // '0.1.0'
 */
export function cblossVersion(): string {
  if (cached === undefined) {
    const text = readFileSync(new URL('../../package.json', import.meta.url), 'utf8');
    cached = (JSON.parse(text) as { version: string }).version;
  }
  return cached;
}
