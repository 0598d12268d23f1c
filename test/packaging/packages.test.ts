// The quick half of the packaging check, from the workspace (after `npm run build`): manifests, exports maps,
// tarball contents (npm pack --dry-run) and loading every entry point from ES modules and from CommonJS. The
// slow half (pack, install the tarballs in a fresh project, TypeScript consumers, the CLI through npx) is
// `npm run check:packages` (scripts/check-packages.mjs, about 1.5 min).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { entryPoints, PACKAGES } from '../../scripts/packages.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

interface Conditional {
  readonly types: string;
  readonly default: string;
}
interface Manifest {
  readonly name: string;
  readonly version: string;
  readonly license?: string;
  readonly homepage?: string;
  readonly repository?: { readonly url: string; readonly directory?: string };
  readonly bugs?: { readonly url: string };
  readonly engines?: { readonly node?: string };
  readonly main?: string;
  readonly module?: string;
  readonly types?: string;
  readonly bin?: Record<string, string>;
  readonly exports: Record<string, string | { readonly import: Conditional; readonly require: Conditional }>;
  readonly dependencies?: Record<string, string>;
  readonly peerDependencies?: Record<string, string>;
  readonly peerDependenciesMeta?: Record<string, { readonly optional?: boolean }>;
}

const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, 'utf8')) as T;
const rootManifest = readJson<Manifest>(join(root, 'package.json'));
const manifests = new Map(PACKAGES.map((p) => [p.name, readJson<Manifest>(join(root, p.dir, 'package.json'))]));
const manifestOf = (name: string): Manifest => {
  const manifest = manifests.get(name);
  if (manifest === undefined) throw new Error(`no package ${name}`);
  return manifest;
};

/** Every file a manifest points at (exports targets, main, module, types, bin), relative to the package. */
function targets(manifest: Manifest): string[] {
  const fromExports = Object.values(manifest.exports).flatMap((target) =>
    typeof target === 'string' ? [target] : [target.import.types, target.import.default, target.require.types, target.require.default],
  );
  return [...fromExports, manifest.main, manifest.module, manifest.types, ...Object.values(manifest.bin ?? {})]
    .filter((t): t is string => t !== undefined)
    .map((t) => t.replace(/^\.\//, ''));
}

describe.each(PACKAGES.map((p) => [p.name, p] as const))('package %s', (name, pkg) => {
  const manifest = manifestOf(name);
  const dir = join(root, pkg.dir);

  it('has exports for exactly the entry points of scripts/packages.mjs, each with import and require conditions and types', () => {
    expect(Object.keys(manifest.exports).sort()).toEqual([...Object.keys(pkg.entries), './package.json'].sort());
    for (const [subpath, target] of Object.entries(manifest.exports)) {
      if (subpath === './package.json') continue;
      expect(target).toEqual({
        import: { types: expect.stringMatching(/^\.\/dist\/(?!cjs\/).*\.d\.ts$/), default: expect.stringMatching(/^\.\/dist\/(?!cjs\/).*\.js$/) },
        require: { types: expect.stringMatching(/^\.\/dist\/cjs\/.*\.d\.ts$/), default: expect.stringMatching(/^\.\/dist\/cjs\/.*\.js$/) },
      });
    }
  });

  it('points only at files that the build wrote; dist/cjs is CommonJS', () => {
    for (const target of targets(manifest)) expect(existsSync(join(dir, target)), `${name}: ${target}`).toBe(true);
    expect(readJson<{ type: string }>(join(dir, 'dist', 'cjs', 'package.json'))).toEqual({ type: 'commonjs' });
  });

  it('is MIT with a LICENSE, engines node >= 20, and the repository, homepage and bugs of the root', () => {
    expect(manifest.license).toBe('MIT');
    expect(readFileSync(join(dir, 'LICENSE'), 'utf8')).toMatch(/^MIT License\n/);
    expect(manifest.engines?.node).toBe('>=20');
    expect(manifest.repository?.url).toBe(rootManifest.repository?.url);
    expect(manifest.repository?.directory).toBe(pkg.dir);
    expect(manifest.bugs?.url).toBe(rootManifest.bugs?.url);
    const repositoryPage = (rootManifest.homepage ?? '').replace(/#readme$/, '');
    expect(manifest.homepage).toBe(`${repositoryPage}/tree/main/${pkg.dir}#readme`);
  });

  it('depends on its siblings with a caret range of their current version', () => {
    for (const [dependency, range] of Object.entries(manifest.dependencies ?? {})) {
      const sibling = manifests.get(dependency);
      if (sibling !== undefined) expect(range, `${name} -> ${dependency}`).toBe(`^${sibling.version}`);
    }
  });

  it('has a README with an install line and only absolute links (they must work on npm)', () => {
    const readme = readFileSync(join(dir, 'README.md'), 'utf8');
    expect(readme).toContain(`npm install ${name}`);
    const links = [...readme.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1] ?? '');
    expect(links.length).toBeGreaterThan(0);
    expect(links.filter((link) => !/^(https:\/\/|#)/.test(link))).toEqual([]);
  });
});

describe('root', () => {
  it('has an MIT LICENSE and one repository URL that the packages share', () => {
    expect(readFileSync(join(root, 'LICENSE'), 'utf8')).toMatch(/^MIT License\n/);
    expect(rootManifest.repository?.url).toMatch(/^git\+https:\/\/.+\.git$/);
  });
});

describe('cbloss', () => {
  it('has playwright-core as an optional peer dependency only', () => {
    const cbloss = manifestOf('cbloss');
    expect(cbloss.peerDependencies?.['playwright-core']).toBeDefined();
    expect(cbloss.peerDependenciesMeta?.['playwright-core']?.optional).toBe(true);
    expect(cbloss.dependencies?.['playwright-core']).toBeUndefined();
  });
});

describe('tarballs (npm pack --dry-run)', () => {
  const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts', ...PACKAGES.flatMap((p) => ['-w', p.dir])], { cwd: root, encoding: 'utf8' });
  const packed = JSON.parse(out) as { name: string; files: { path: string }[] }[];

  it.each(PACKAGES.map((p) => [p.name]))('%s ships its LICENSE, README and every file its manifest points at, and no source map', (name) => {
    const files = packed.find((p) => p.name === name)?.files.map((f) => f.path) ?? [];
    expect(files.filter((f) => f.endsWith('.map'))).toEqual([]);
    expect(files.filter((f) => f.startsWith('src/') || f.startsWith('test/'))).toEqual([]);
    for (const needed of ['LICENSE', 'README.md', 'package.json', ...targets(manifestOf(name))]) expect(files, needed).toContain(needed);
  });
});

describe('loading from the workspace', () => {
  const specifiers = PACKAGES.flatMap((p) => entryPoints(p).map((e) => e.specifier));
  const list = JSON.stringify(specifiers);
  // One process per format: the names each entry point exports, and whether backend 'libtorch' got registered
  // by loading them (no registration function is called).
  const probe = (load: string, args: string[]): { names: Record<string, string[]>; registered: boolean } => {
    const source = `const names = {}; for (const s of ${list}) names[s] = Object.keys(${load}).sort();
      const tf = ${load.startsWith('await') ? 'await import' : 'require'}('@tensorflow/tfjs-core');
      console.log(JSON.stringify({ names, registered: tf.findBackendFactory('libtorch') !== null }));`;
    return JSON.parse(execFileSync(process.execPath, [...args, '-e', source], { cwd: root, encoding: 'utf8' })) as { names: Record<string, string[]>; registered: boolean };
  };
  const esm = probe('await import(s)', ['--input-type=module']);
  // Without require(esm) (Node >= 20.19 can load ES modules with require(); older Node 20 cannot): the CommonJS
  // build must not depend on it.
  const noRequireEsm = process.allowedNodeEnvironmentFlags.has('--no-experimental-require-module') ? ['--no-experimental-require-module'] : [];
  const cjs = probe('require(s)', noRequireEsm);

  it.each(PACKAGES.flatMap((p) => entryPoints(p).map((e) => [e.specifier, e.mustExport] as const)))(
    '%s: require() (without require(esm)) and import() give the same names, including the essential ones',
    (specifier, mustExport) => {
      expect(cjs.names[specifier]).toEqual(esm.names[specifier]);
      for (const name of mustExport) expect(esm.names[specifier]).toContain(name);
    },
  );

  it("loading tfjs-backend-libtorch registers backend 'libtorch', from require() as from import()", () => {
    expect(esm.registered).toBe(true);
    expect(cjs.registered).toBe(true);
  });
});
