import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

// scripts/install.cjs, run as npm runs it at install, with node-gyp replaced by a stub (the real build takes a
// minute and would replace build/): what it says in each case, and that it never fails the install.
const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const script = join(packageDir, 'scripts', 'install.cjs');
const work = mkdtempSync(join(tmpdir(), 'install-script-'));
const WITHOUT_IT = "the package still works without it: tf.setBackend('libtorch') resolves to false and cbloss falls back to the wasm backend";

/** Runs the install script with only `env` (no npm_* variables leak in from the test runner). */
function install(env: Record<string, string>): { status: number | null; lines: string[] } {
  const result = spawnSync(process.execPath, [script], { env: { PATH: process.env['PATH'] ?? '', ...env }, encoding: 'utf8' });
  return { status: result.status, lines: result.stdout.trim().split('\n') };
}

/** Headers where LIBTORCH_INCLUDE says, and a node-gyp stub that records its arguments and exits `code`. */
function fakeToolchain(code: number): Record<string, string> {
  const include = join(work, 'include');
  mkdirSync(join(include, 'ATen'), { recursive: true });
  writeFileSync(join(include, 'ATen', 'ATen.h'), '');
  const nodeGyp = join(work, `node-gyp-${code}.js`);
  writeFileSync(nodeGyp, `require('node:fs').writeFileSync(${JSON.stringify(join(work, 'args.json'))}, JSON.stringify(process.argv.slice(2)));\nconsole.error('stub compiler error');\nprocess.exit(${code});\n`);
  return { LIBTORCH_INCLUDE: include, npm_config_node_gyp: nodeGyp };
}

describe('scripts/install.cjs (the native addon at install)', () => {
  const log = join(packageDir, 'build-error.log');
  const previousLog = existsSync(log) ? readFileSync(log) : undefined;
  afterAll(() => {
    if (previousLog === undefined) rmSync(log, { force: true });
    else writeFileSync(log, previousLog);
    rmSync(work, { recursive: true, force: true });
  });

  it('says the build is skipped, and what follows, when TFJS_LIBTORCH_SKIP_BUILD is set', () => {
    expect(install({ TFJS_LIBTORCH_SKIP_BUILD: '1' })).toEqual({
      status: 0,
      lines: [`tfjs-backend-libtorch: TFJS_LIBTORCH_SKIP_BUILD is set, native addon not built; ${WITHOUT_IT}.`],
    });
  });

  it('says how to get libtorch when its headers are missing', () => {
    expect(install({ LIBTORCH_INCLUDE: join(work, 'missing') })).toEqual({
      status: 0,
      lines: [
        `tfjs-backend-libtorch: libtorch headers not found (${join(work, 'missing', 'ATen', 'ATen.h')}), native addon not built; ${WITHOUT_IT}. To build it: apt-get install libtorch-dev libopenblas0-openmp, then npm rebuild tfjs-backend-libtorch.`,
      ],
    });
  });

  it('announces the build before it starts and says when it is done', () => {
    const { status, lines } = install(fakeToolchain(0));
    expect(status).toBe(0);
    expect(lines[0]).toBe('tfjs-backend-libtorch: building the native addon against libtorch (1 to 5 min on 2 cores, depending on load)...');
    expect(lines[1]).toMatch(/^tfjs-backend-libtorch: native addon built in \d+ s \(with(out)? Gloo process groups(: apt-get install libgloo-dev)?\); tf\.setBackend\('libtorch'\) is available\.$/);
    expect(lines).toHaveLength(2);
    expect(JSON.parse(readFileSync(join(work, 'args.json'), 'utf8'))).toContain('rebuild');
  });

  it('on a failed build keeps the log, says what follows and how to retry, and still exits 0', () => {
    const { status, lines } = install(fakeToolchain(1));
    expect(status).toBe(0);
    expect(lines).toEqual([
      'tfjs-backend-libtorch: building the native addon against libtorch (1 to 5 min on 2 cores, depending on load)...',
      `tfjs-backend-libtorch: native build failed (log: ${log}); ${WITHOUT_IT}. After fixing the cause: npm rebuild tfjs-backend-libtorch.`,
    ]);
    expect(readFileSync(log, 'utf8')).toContain('stub compiler error');
  });
});
