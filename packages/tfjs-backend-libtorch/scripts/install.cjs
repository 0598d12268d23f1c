// Builds the native addon when libtorch's headers are installed (Debian: apt-get install libtorch-dev
// libopenblas0-openmp; and libgloo-dev for process groups, which binding.gyp leaves out without Gloo's headers).
// Never fails the install: without libtorch, or when the build fails, it prints one line and exits 0, and the
// package still imports (isLibtorchAvailable() then returns false).
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const packageDir = path.resolve(__dirname, '..');
const torchHeader = process.env.LIBTORCH_INCLUDE
  ? path.join(process.env.LIBTORCH_INCLUDE, 'ATen', 'ATen.h')
  : '/usr/include/ATen/ATen.h';

function findNodeGyp() {
  const candidates = [];
  if (process.env.npm_config_node_gyp) candidates.push(process.env.npm_config_node_gyp);
  if (process.env.npm_execpath) {
    candidates.push(path.join(path.dirname(process.env.npm_execpath), '..', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'));
  }
  for (const candidate of candidates) if (fs.existsSync(candidate)) return candidate;
  try {
    return require.resolve('node-gyp/bin/node-gyp.js');
  } catch {
    return undefined;
  }
}

function main() {
  if (process.env.TFJS_LIBTORCH_SKIP_BUILD) {
    console.log('tfjs-backend-libtorch: TFJS_LIBTORCH_SKIP_BUILD set, native addon not built');
    return;
  }
  if (!fs.existsSync(torchHeader)) {
    console.log(`tfjs-backend-libtorch: libtorch headers not found (${torchHeader}); native backend disabled (apt-get install libtorch-dev libopenblas0-openmp)`);
    return;
  }
  const nodeGyp = findNodeGyp();
  if (!nodeGyp) {
    console.log('tfjs-backend-libtorch: node-gyp not found; native backend disabled');
    return;
  }
  const args = [nodeGyp, 'rebuild', '--jobs=max'];
  const nodedir = process.env.npm_config_nodedir || '/usr';
  if (fs.existsSync(path.join(nodedir, 'include', 'node', 'node_api.h'))) args.push(`--nodedir=${nodedir}`);
  const result = spawnSync(process.execPath, args, { cwd: packageDir, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  if (result.status !== 0) {
    const log = path.join(packageDir, 'build-error.log');
    try {
      fs.writeFileSync(log, `${result.stdout ?? ''}\n${result.stderr ?? ''}`);
    } catch {
      // The log is a convenience only.
    }
    console.log(`tfjs-backend-libtorch: native build failed (see ${log}); native backend disabled`);
    return;
  }
  const gloo = fs.existsSync('/usr/include/gloo/config.h') ? 'with' : 'without';
  console.log(`tfjs-backend-libtorch: native addon built (${gloo} Gloo process groups${gloo === 'without' ? ': apt-get install libgloo-dev' : ''})`);
}

try {
  main();
} catch (error) {
  console.log(`tfjs-backend-libtorch: native build skipped (${error instanceof Error ? error.message : String(error)})`);
}
process.exit(0);
