#!/usr/bin/env node
// Checks the four packages as a user gets them: packs them (`npm pack`), installs the tarballs in a fresh
// temporary project (dependencies from the npm registry through the local cache, --prefer-offline), and there:
// - imports every entry point from ES modules and from CommonJS, and compares the names each exports;
// - compiles and runs a TypeScript project of "type": "commonjs" and one of "type": "module"
//   (module nodenext, strict), against the installed types;
// - checks that `import 'tfjs-backend-libtorch'` registers backend 'libtorch', and what tf.setBackend('libtorch')
//   does with or without the native addon;
// - checks that vega loads from the CommonJS build, and that screenshotReport without the optional
//   playwright-core names the package to install;
// - runs the CLI: `npx cbloss --help`, `npx cbloss weights --counts 10,1 --beta 0.9`.
//
// Usage (repository root; it builds the packages first):
//   node scripts/check-packages.mjs [--native] [--keep]
//   --native  let the install build the native addon (1 to 5 min on 2 cores); by default
//             TFJS_LIBTORCH_SKIP_BUILD=1, which checks the package without it
//   --keep    keep the temporary project (its path is printed)
// Prints one line per check and exits 1 if any failed. The suite runs the quick part of this from the workspace
// (test/packaging/); this script is the slow part (an install takes tens of seconds).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PACKAGES, entryPoints } from './packages.mjs';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const args = new Set(process.argv.slice(2));
const native = args.has('--native');
const keep = args.has('--keep');
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');

const failures = [];
function check(name, fn) {
  const started = Date.now();
  try {
    fn();
    console.log(`ok    ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  } catch (error) {
    failures.push(name);
    console.log(`FAIL  ${name}: ${error instanceof Error ? error.message : String(error)}`);
  }
}
function assert(condition, message) {
  if (!condition) throw new Error(message);
}
/** Runs a command in `cwd`; returns stdout, or throws with its stderr. */
function run(cwd, command, commandArgs, env = {}) {
  const result = spawnSync(command, commandArgs, { cwd, encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 64 << 20 });
  if (result.status !== 0) {
    throw new Error(`${command} ${commandArgs.join(' ')} exited ${result.status}: ${(result.stderr || result.stdout).trim().split('\n').slice(-6).join(' | ')}`);
  }
  return { stdout: result.stdout, stderr: result.stderr };
}
// Every probe runs without require(esm): Node >= 20.19 can load ES modules with require(), older Node 20 cannot,
// so the CommonJS builds must not depend on it (the flag changes nothing for ES modules).
const nodeFlags = process.allowedNodeEnvironmentFlags.has('--no-experimental-require-module') ? ['--no-experimental-require-module'] : [];
const node = (cwd, file, ...rest) => run(cwd, process.execPath, [...nodeFlags, file, ...rest]).stdout;

const project = mkdtempSync(join(tmpdir(), 'cbloss-packages-'));
console.log(`temporary project: ${project}`);
const tarballs = {};

check(`build (npm run build) and npm pack ${PACKAGES.map((p) => p.name).join(', ')}`, () => {
  run(root, 'npm', ['run', 'build']);
  // --ignore-scripts: prepack would build again, and its output would corrupt the JSON.
  const out = run(root, 'npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', project, ...PACKAGES.flatMap((p) => ['-w', p.dir])]).stdout;
  for (const packed of JSON.parse(out)) {
    tarballs[packed.name] = join(project, packed.filename);
    const files = packed.files.map((f) => f.path);
    assert(!files.some((f) => f.endsWith('.map')), `${packed.name}: the tarball has source maps`);
    for (const needed of ['LICENSE', 'README.md', 'package.json', 'dist/cjs/package.json']) assert(files.includes(needed), `${packed.name}: ${needed} not in the tarball`);
  }
  assert(Object.keys(tarballs).length === PACKAGES.length, `packed ${Object.keys(tarballs).join(', ')}`);
});

let installLog = '';
check(`install the tarballs in a fresh project (--prefer-offline${native ? ', native addon built' : ', TFJS_LIBTORCH_SKIP_BUILD=1'})`, () => {
  // allowScripts: npm versions that gate dependency install scripts run the native addon's only when approved.
  const manifest = { name: 'check-packages', private: true, version: '0.0.0', allowScripts: { 'tfjs-backend-libtorch': true } };
  writeFileSync(join(project, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  const env = native ? {} : { TFJS_LIBTORCH_SKIP_BUILD: '1' };
  const installArgs = ['install', '--prefer-offline', '--no-audit', '--no-fund', '--foreground-scripts'];
  const { stdout, stderr } = run(project, 'npm', [...installArgs, ...PACKAGES.map((p) => tarballs[p.name]), '@tensorflow/tfjs-core@~4.22.0', '@types/node@^20'], env);
  installLog = `${stdout}\n${stderr}`;
  assert(existsSync(join(project, 'node_modules', 'cbloss', 'dist', 'cjs', 'index.js')), 'cbloss not installed');
  assert(!existsSync(join(project, 'node_modules', 'playwright-core')), 'playwright-core was installed although it is an optional peer');
});
if (failures.length > 0) {
  console.log(`stopped: nothing to check without the installed packages (project kept: ${project})`);
  process.exit(1);
}

check('the native addon install says what it did', () => {
  const lines = installLog.split('\n').filter((l) => l.startsWith('tfjs-backend-libtorch: '));
  for (const line of lines) console.log(`      ${line}`);
  const expected = native
    ? [/^tfjs-backend-libtorch: building the native addon against libtorch \(1 to 5 min on 2 cores, depending on load\)\.\.\.$/, /^tfjs-backend-libtorch: native addon built in \d+ s \(with(out)? Gloo process groups/]
    : [/^tfjs-backend-libtorch: TFJS_LIBTORCH_SKIP_BUILD is set, native addon not built; .*falls back to the wasm backend\.$/];
  assert(lines.length === expected.length && expected.every((re, i) => re.test(lines[i] ?? '')), `got ${lines.length} line(s) from scripts/install.cjs`);
});

const entries = PACKAGES.flatMap((p) => entryPoints(p).map((e) => e.specifier));
writeFileSync(join(project, 'names.mjs'), `const out = {};\nfor (const e of JSON.parse(process.argv[2])) out[e] = Object.keys(await import(e)).sort();\nconsole.log(JSON.stringify(out));\n`);
writeFileSync(join(project, 'names.cjs'), `const out = {};\nfor (const e of JSON.parse(process.argv[2])) out[e] = Object.keys(require(e)).sort();\nconsole.log(JSON.stringify(out));\n`);
check('every entry point imports from ESM and requires from CommonJS (without require(esm)), with the same names', () => {
  const esm = JSON.parse(node(project, 'names.mjs', JSON.stringify(entries)));
  const cjs = JSON.parse(node(project, 'names.cjs', JSON.stringify(entries)));
  for (const pkg of PACKAGES) {
    for (const { specifier, mustExport } of entryPoints(pkg)) {
      for (const name of mustExport) assert(esm[specifier].includes(name) && cjs[specifier].includes(name), `${specifier} does not export ${name}`);
      const onlyEsm = esm[specifier].filter((n) => !cjs[specifier].includes(n));
      const onlyCjs = cjs[specifier].filter((n) => !esm[specifier].includes(n));
      assert(onlyEsm.length + onlyCjs.length === 0, `${specifier}: only in ESM: ${onlyEsm.join(', ')}; only in CommonJS: ${onlyCjs.join(', ')}`);
    }
  }
});

const backendProbe = (load) => `${load}
const warnings = [];
console.warn = (...a) => warnings.push(a.join(' '));
const registered = tf.findBackendFactory('libtorch') !== null;
const available = backend.isLibtorchAvailable();
tf.setBackend('libtorch').then((ok) => {
  console.log(JSON.stringify({ registered, available, ok, reason: backend.libtorchUnavailableReason() ?? null, warnings }));
});
`;
writeFileSync(join(project, 'backend.cjs'), backendProbe(`const tf = require('@tensorflow/tfjs-core');\nconst backend = require('tfjs-backend-libtorch');`));
writeFileSync(join(project, 'backend.mjs'), backendProbe(`import * as tf from '@tensorflow/tfjs-core';\nimport * as backend from 'tfjs-backend-libtorch';`));
for (const file of ['backend.mjs', 'backend.cjs']) {
  check(`importing tfjs-backend-libtorch registers 'libtorch' (${file})`, () => {
    const probe = JSON.parse(node(project, file));
    assert(probe.registered, "'libtorch' is not registered after the import");
    assert(probe.available === native, `addon available: ${probe.available} (${probe.reason})`);
    assert(probe.ok === probe.available, `tf.setBackend('libtorch') gave ${probe.ok} with the addon ${probe.available ? 'available' : 'unavailable'}`);
    if (!probe.available) {
      assert(probe.warnings.some((w) => w.includes("tf.setBackend('libtorch'): the native addon of tfjs-backend-libtorch must load; got: ")), `warnings: ${probe.warnings.join(' | ')}`);
    }
  });
}

const reportProbe = (load) => `${load}
const { mkdtempSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const dir = mkdtempSync(join(require('node:os').tmpdir(), 'probe-'));
writeFileSync(join(dir, 'r.html'), '<p>hi</p>');
cbloss.screenshotReport(join(dir, 'r.html'), join(dir, 'r.png'), { executablePath: process.execPath }).then(
  () => console.log(JSON.stringify({ error: null })),
  (e) => console.log(JSON.stringify({ error: e.message, code: e.code })),
);
`;
writeFileSync(join(project, 'report.cjs'), reportProbe(`const cbloss = require('cbloss');`));
writeFileSync(join(project, 'report.mjs'), reportProbe(`import { createRequire } from 'node:module';\nimport * as cbloss from 'cbloss';\nconst require = createRequire(import.meta.url);`));
for (const file of ['report.mjs', 'report.cjs']) {
  check(`screenshotReport without playwright-core names the package to install (${file})`, () => {
    const probe = JSON.parse(node(project, file));
    assert(probe.code === 'not-found' && probe.error.includes('npm install playwright-core'), `got ${JSON.stringify(probe)}`);
  });
}

check('the CommonJS build of cbloss renders a vega plot (vega is ES-module-only: import(), not require())', () => {
  // A deep path, past the exports map, only to reach the plot renderer from CommonJS directly.
  writeFileSync(
    join(project, 'vega.cjs'),
    `const { renderSvg } = require('./node_modules/cbloss/dist/cjs/report/plots/renderSvg.js');
renderSvg({ data: { values: [{ x: 'a', y: 1 }] }, mark: 'bar', encoding: { x: { field: 'x', type: 'nominal' }, y: { field: 'y', type: 'quantitative' } } })
  .then((svg) => console.log(svg.slice(0, 4)));
`,
  );
  assert(node(project, 'vega.cjs').trim() === '<svg', 'no SVG');
});

const tsProgram = `import * as tf from '@tensorflow/tfjs-core';
import { classBalancedWeights } from 'class-balanced-loss/core';
import { CbLossError, classBalancedLoss } from 'class-balanced-loss';
import { isLibtorchAvailable, registerLibtorchBackend } from 'tfjs-backend-libtorch';
import { registerWasmTrainingKernels } from 'tfjs-backend-libtorch/wasm-training-kernels';
import { cblossVersion, main, CblossError, type RunResults } from 'cbloss';
import { servePage } from 'class-balanced-loss-web';

const weights: readonly number[] = Array.from(classBalancedWeights([10, 1], 0.9));
const results: RunResults | undefined = undefined;
const kinds: string[] = [classBalancedLoss, registerLibtorchBackend, registerWasmTrainingKernels, main, CbLossError, CblossError, servePage].map((f) => typeof f);
console.log(JSON.stringify({ weights, version: cblossVersion(), registered: tf.findBackendFactory('libtorch') !== null, libtorch: isLibtorchAvailable(), kinds, results: results ?? null }));
`;
for (const type of ['commonjs', 'module']) {
  check(`a TypeScript project of "type": "${type}" (module nodenext, strict) compiles and runs`, () => {
    const dir = join(project, `ts-${type}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ type }, null, 2)}\n`);
    const compilerOptions = { module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', strict: true, noUncheckedIndexedAccess: true, skipLibCheck: true, types: ['node'], outDir: 'out', rootDir: 'src' };
    writeFileSync(join(dir, 'tsconfig.json'), `${JSON.stringify({ compilerOptions, include: ['src'] }, null, 2)}\n`);
    mkdirSync(join(dir, 'src'), { recursive: true });
    writeFileSync(join(dir, 'src', 'index.ts'), tsProgram);
    run(dir, process.execPath, [tsc, '-p', '.']);
    const emitted = readFileSync(join(dir, 'out', 'index.js'), 'utf8');
    assert(type === 'commonjs' ? emitted.includes('require("class-balanced-loss/core")') : emitted.includes("from 'class-balanced-loss/core'"), `emitted code is not ${type}`);
    const printed = JSON.parse(node(dir, 'out/index.js'));
    assert(printed.weights.length === 2 && Math.abs(printed.weights[0] + printed.weights[1] - 2) < 1e-12, `weights ${printed.weights}`);
    assert(printed.registered && printed.version === '0.1.0' && printed.kinds.every((k) => k === 'function'), JSON.stringify(printed));
  });
}

check('npx cbloss --help', () => {
  const help = run(project, 'npx', ['--no-install', 'cbloss', '--help']).stdout;
  for (const command of ['weights', 'train', 'eval', 'sweep', 'report', 'demo']) assert(help.includes(command), `--help does not list ${command}`);
});
check('npx cbloss weights --counts 10,1 --beta 0.9', () => {
  const out = run(project, 'npx', ['--no-install', 'cbloss', 'weights', '--counts', '10,1', '--beta', '0.9']).stdout;
  // w = C·(1/E_n)/Σ(1/E_n) with E_n = (1-0.9^n)/0.1: E_10 = 6.5132, E_1 = 1 -> w = [0.2662, 1.7338].
  assert(out.includes('0.2662') && out.includes('1.7338'), `output:\n${out}`);
});

if (keep) console.log(`kept ${project}`);
else rmSync(project, { recursive: true, force: true });
console.log(failures.length === 0 ? 'all package checks passed' : `${failures.length} check(s) failed: ${failures.join('; ')}`);
process.exitCode = failures.length === 0 ? 0 : 1;
