import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const SIBLINGS = ['class-balanced-loss', 'cbloss'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(ts|mjs|cjs)$/.test(entry.name) ? [path] : [];
  });
}

describe('tfjs-backend-libtorch stands alone (it knows no losses)', () => {
  it('declares no sibling package as a dependency of any kind', () => {
    const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as Record<string, Record<string, string> | undefined>;
    for (const field of ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies']) {
      for (const sibling of SIBLINGS) expect(Object.keys(manifest[field] ?? {}), `${field}`).not.toContain(sibling);
    }
  });

  it('imports no sibling package from its sources and tests', () => {
    const files = [...sourceFiles(join(packageDir, 'src')), ...sourceFiles(join(packageDir, 'test'))];
    expect(files.length).toBeGreaterThan(50);
    for (const file of files) {
      const specifiers = [...readFileSync(file, 'utf8').matchAll(/(?:from\s+|import\s*\(\s*|import\s+)'([^']+)'/g)].map((m) => m[1] ?? '');
      for (const specifier of specifiers) expect(SIBLINGS, `${file} imports ${specifier}`).not.toContain(specifier.split('/')[0]);
    }
  });
});
