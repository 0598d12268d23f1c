#!/usr/bin/env node
// Loss forward + backward timing for the class-balanced losses (class-balanced-loss package).
//
//   npx tsc -b packages/class-balanced-loss && node bench/loss/bench.mjs [--backend cpu|wasm|libtorch] [--classes 10,8142]
//     [--threads N] [--labels ids|one-hot] [--clock wall|cpu] [--json]
//
// For B = 256 and C in {10, 100, 1000, 8142} (or --classes), for each loss type of the paper, times one call of
// tf.valueAndGrad(logits => loss(labels, logits)) (loss value and d loss / d logits) with integer class-id labels
// (int32 [B], as the PyTorch side; --labels one-hot passes their one-hot rows [B, C] instead, which take the losses'
// dense kernels), and prints the median time per call. With --backend libtorch it imports
// 'tfjs-backend-libtorch' (--threads sets its intra-op threads) and skips with a notice when it is not available.
// --clock cpu times each call by the process's CPU time (user + system) instead of the wall clock: with one thread,
// the work done, which other processes loading the machine disturb far less than the elapsed time.
// bench/loss/torch_bench.py measures the same in PyTorch; bench/loss/compare.mjs alternates the two.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
// tfjs-core's Node bundle registers no gradient; tfjs-layers registers them all (as @tensorflow/tfjs does).
import '@tensorflow/tfjs-layers';
import { classBalancedLoss, longTailCounts } from 'class-balanced-loss';

const BATCH = 256;
const CLASS_COUNTS = [10, 100, 1000, 8142];
/** The paper's three loss types, as in torch_bench.py. */
const LOSS_TYPES = ['softmax', 'sigmoid', 'focal'];
const BETA = 0.999;
const GAMMA = 1;
const TIME_BUDGET_MS = 1500;
const MIN_CALLS = 3;
const MAX_CALLS = 200;

function parseArgs(argv) {
  const args = { backend: 'cpu', json: false, classes: CLASS_COUNTS, threads: undefined, labels: 'ids', clock: 'wall' };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--backend') args.backend = argv[++i];
    else if (arg.startsWith('--backend=')) args.backend = arg.slice('--backend='.length);
    else if (arg === '--json') args.json = true;
    else if (arg === '--classes') args.classes = (argv[++i] ?? '').split(',').map(Number);
    else if (arg === '--threads') args.threads = Number(argv[++i]);
    else if (arg === '--labels') args.labels = argv[++i];
    else if (arg === '--clock') args.clock = argv[++i];
    else if (arg === '--help' || arg === '-h') {
      console.log('usage: node bench/loss/bench.mjs [--backend cpu|wasm|libtorch] [--classes 10,8142] [--threads N] [--labels ids|one-hot] [--clock wall|cpu] [--json]');
      process.exit(0);
    } else {
      console.error(`bench: unknown argument '${arg}'`);
      process.exit(2);
    }
  }
  if (!['cpu', 'wasm', 'libtorch'].includes(args.backend)) {
    console.error(`bench: '--backend' must be one of cpu, wasm, libtorch; got '${args.backend}'.`);
    process.exit(2);
  }
  if (args.classes.length === 0 || !args.classes.every((c) => Number.isInteger(c) && c >= 2)) {
    console.error(`bench: '--classes' must be a comma-separated list of integers >= 2; got '${args.classes.join(',')}'.`);
    process.exit(2);
  }
  if (!['wall', 'cpu'].includes(args.clock)) {
    console.error(`bench: '--clock' must be one of wall, cpu; got '${args.clock}'.`);
    process.exit(2);
  }
  if (!['ids', 'one-hot'].includes(args.labels)) {
    console.error(`bench: '--labels' must be one of ids, one-hot; got '${args.labels}'.`);
    process.exit(2);
  }
  if (args.threads !== undefined && !(Number.isInteger(args.threads) && args.threads >= 1)) {
    console.error(`bench: '--threads' must be a positive integer; got '${args.threads}'.`);
    process.exit(2);
  }
  return args;
}

/** Sets the backend; returns false (after printing a notice) when libtorch is unavailable. */
async function selectBackend(name, threads) {
  if (name === 'libtorch') {
    let module;
    try {
      module = await import('tfjs-backend-libtorch');
    } catch (error) {
      console.log(`notice: tfjs-backend-libtorch could not be imported (${error.message}); skipping.`);
      return false;
    }
    if (!module.registerLibtorchBackend()) {
      console.log(`notice: libtorch backend unavailable (${module.libtorchUnavailableReason?.() ?? 'unknown reason'}); skipping.`);
      return false;
    }
    if (threads !== undefined) module.setThreads(threads);
  }
  if (!(await tf.setBackend(name))) {
    console.log(`notice: backend '${name}' failed to initialise; skipping.`);
    return false;
  }
  await tf.ready();
  return true;
}

/** Deterministic pseudo-random logits and labels (mulberry32), the same for every backend. */
function makeInputs(numClasses, seed, labelForm) {
  let a = seed >>> 0;
  const random = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const logits = new Float32Array(BATCH * numClasses).map(() => 4 * (random() - 0.5));
  const labels = new Int32Array(BATCH).map(() => Math.floor(random() * numClasses));
  const ids = tf.tensor1d(labels, 'int32');
  if (labelForm === 'ids') return { logits: tf.tensor2d(logits, [BATCH, numClasses]), labels: ids };
  const oneHot = tf.tidy(() => tf.cast(tf.oneHot(ids, numClasses), 'float32'));
  ids.dispose();
  return { logits: tf.tensor2d(logits, [BATCH, numClasses]), labels: oneHot };
}

function median(values) {
  const sorted = [...values].sort((x, y) => x - y);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Milliseconds on the chosen clock: elapsed, or CPU time (user + system) of this process. */
function clockMs(clock) {
  if (clock === 'wall') return performance.now();
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

async function timeCall(f, clock) {
  // warm-up (kernel compilation, allocations)
  for (let i = 0; i < 2; i++) await f();
  const times = [];
  const start = performance.now();
  while (times.length < MIN_CALLS || (performance.now() - start < TIME_BUDGET_MS && times.length < MAX_CALLS)) {
    const t0 = clockMs(clock);
    await f();
    times.push(clockMs(clock) - t0);
  }
  return { ms: median(times), calls: times.length };
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (!(await selectBackend(args.backend, args.threads))) return;
  const rows = [];
  for (const numClasses of args.classes) {
    const { logits, labels } = makeInputs(numClasses, numClasses, args.labels);
    const samplesPerClass = longTailCounts({ maxCount: 5000, numClasses, imbalanceFactor: 100 });
    for (const type of LOSS_TYPES) {
      const loss = classBalancedLoss({ samplesPerClass, beta: BETA, type, gamma: GAMMA });
      const lossAndGrad = tf.valueAndGrad((x) => loss(labels, x));
      const { ms, calls } = await timeCall(async () => {
        const { value, grad } = lossAndGrad(logits);
        // read back the loss and one element of the gradient, so that asynchronous backends (and deferred kernels)
        // finish their work inside the timed region; not the whole [B, C] gradient, which a training step never
        // copies to JavaScript (and PyTorch's side leaves in logits.grad): that copy alone took 1.2 ms of CPU at C = 8142
        await value.data();
        const first = tf.tidy(() => tf.slice(tf.reshape(grad, [-1]), 0, 1));
        await first.data();
        tf.dispose([value, grad, first]);
      }, args.clock);
      rows.push({ backend: args.backend, batch: BATCH, classes: numClasses, type, labels: args.labels === 'ids' ? 'int32 ids [B]' : 'float32 one-hot [B, C]', msPerCall: ms, clock: args.clock, calls });
      if (!args.json) console.error(`  ${args.backend} C=${numClasses} ${type}: ${ms.toFixed(3)} ms`);
    }
    tf.dispose([logits, labels]);
  }
  if (args.json) {
    console.log(JSON.stringify(rows, null, 2));
    return;
  }
  console.log(`\nclass-balanced loss, forward + backward, B = ${BATCH}, beta = ${BETA}, gamma = ${GAMMA} (focal); median ms per call`);
  console.log(`backend: ${args.backend}, tensors alive after the run: ${tf.memory().numTensors}\n`);
  const header = ['C', ...LOSS_TYPES];
  const lines = args.classes.map((c) => [String(c), ...LOSS_TYPES.map((t) => rows.find((r) => r.classes === c && r.type === t).msPerCall.toFixed(3))]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const format = (cells) => cells.map((cell, i) => cell.padStart(widths[i])).join('  ');
  console.log(format(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const line of lines) console.log(format(line));
}

await main();
