// Builds the native addon when libtorch's headers are installed (Debian: apt-get install libtorch-dev
// libopenblas0-openmp; and libgloo-dev for process groups, which binding.gyp leaves out without Gloo's headers).
// Never fails the install: without libtorch, or when the build fails, it says so and what follows, and exits 0;
// the package still imports (isLibtorchAvailable() then returns false, and tf.setBackend('libtorch') resolves to
// false; cbloss --backend auto uses wasm instead).
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const WITHOUT_IT = "the package still works without it: tf.setBackend('libtorch') resolves to false and cbloss falls back to the wasm backend";
const HOW_TO_BUILD = 'apt-get install libtorch-dev libopenblas0-openmp, then npm rebuild tfjs-backend-libtorch';

// npm (7 and later) runs install scripts in the background and shows their output only if they fail (or with
// --foreground-scripts), so a minute-long build would pass in silence. Each line also goes to the terminal when
// there is one and npm is capturing our output; without a terminal (CI) it goes to npm's log only.
let terminal;
try {
  if (!process.stdout.isTTY && process.platform !== 'win32') terminal = fs.openSync('/dev/tty', 'w');
} catch {
  terminal = undefined;
}
function say(line) {
  console.log(line);
  if (terminal === undefined) return;
  try {
    fs.writeSync(terminal, `${line}\n`);
  } catch {
    terminal = undefined;
  }
}

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
    say(`tfjs-backend-libtorch: TFJS_LIBTORCH_SKIP_BUILD is set, native addon not built; ${WITHOUT_IT}.`);
    return;
  }
  if (!fs.existsSync(torchHeader)) {
    say(`tfjs-backend-libtorch: libtorch headers not found (${torchHeader}), native addon not built; ${WITHOUT_IT}. To build it: ${HOW_TO_BUILD}.`);
    return;
  }
  const nodeGyp = findNodeGyp();
  if (!nodeGyp) {
    say(`tfjs-backend-libtorch: node-gyp not found, native addon not built; ${WITHOUT_IT}.`);
    return;
  }
  const args = [nodeGyp, 'rebuild', '--jobs=max'];
  const nodedir = process.env.npm_config_nodedir || '/usr';
  if (fs.existsSync(path.join(nodedir, 'include', 'node', 'node_api.h'))) args.push(`--nodedir=${nodedir}`);
  say('tfjs-backend-libtorch: building the native addon against libtorch (1 to 5 min on 2 cores, depending on load)...');
  const started = Date.now();
  const result = spawnSync(process.execPath, args, { cwd: packageDir, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  if (result.status !== 0) {
    const log = path.join(packageDir, 'build-error.log');
    try {
      fs.writeFileSync(log, `${result.stdout ?? ''}\n${result.stderr ?? ''}`);
    } catch {
      // The log is a convenience only.
    }
    say(`tfjs-backend-libtorch: native build failed (log: ${log}); ${WITHOUT_IT}. After fixing the cause: npm rebuild tfjs-backend-libtorch.`);
    return;
  }
  const gloo = fs.existsSync('/usr/include/gloo/config.h') ? 'with' : 'without';
  const processGroups = `${gloo} Gloo process groups${gloo === 'without' ? ': apt-get install libgloo-dev' : ''}`;
  say(`tfjs-backend-libtorch: native addon built in ${Math.round((Date.now() - started) / 1000)} s (${processGroups}); tf.setBackend('libtorch') is available.`);
}

try {
  main();
} catch (error) {
  say(`tfjs-backend-libtorch: native build skipped (${error instanceof Error ? error.message : String(error)}); ${WITHOUT_IT}.`);
}
process.exit(0);
