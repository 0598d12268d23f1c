import { readFileSync } from 'node:fs';

/** The version of the cbloss package (its package.json, two levels above `src/cli/` and `dist/cli/`). */
export function cliVersion(): string {
  const text = readFileSync(new URL('../../package.json', import.meta.url), 'utf8');
  return (JSON.parse(text) as { version: string }).version;
}
