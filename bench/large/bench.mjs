#!/usr/bin/env node
// Large-scale benchmark (issue 9 §5(b)): ResNet-50 training images/s of cbloss's trainer step on the libtorch backend
// against PyTorch, side by side, alternating rounds.
//
//   node bench/large/bench.mjs [--batch 8] [--size 112] [--classes 1000] [--steps 5] [--warmup 2] [--rounds 5] [--threads 2]
//
// The tf.js side is cbloss's own step (`trainStep`: buildModel('resnet50'), softmax cross-entropy, gradients, Nesterov
// SGD with weight decay on the kernels — what `cbloss train --recipe imagenet` runs per micro-batch), the PyTorch side
// the same architecture and update (torch_bench.py, /usr/bin/python3 with Debian's python3-torch). Random data (the
// decoding pipeline is bench/stream's). Each engine runs in its own child process, never concurrently; the table shows
// the median and [min–max] of the rounds. Prints a markdown table; writes nothing.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));

function parseArgs(argv) {
  const a = { batch: 8, size: 112, classes: 1000, steps: 5, warmup: 2, rounds: 5, threads: 2, worker: false };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i];
    if (k === '--worker') {
      a.worker = true;
      continue;
    }
    const name = k.replace(/^--/, '');
    if (!(name in a) || name === 'worker') throw new Error(`bench.mjs: unknown option '${k}'; valid: ${Object.keys(a).filter((n) => n !== 'worker').map((n) => `--${n}`).join(', ')}.`);
    const x = Number(argv[++i]);
    if (!Number.isInteger(x) || x < 1) throw new Error(`bench.mjs: '${k}' must be a positive integer; got ${argv[i]}.`);
    a[name] = x;
  }
  return a;
}

async function worker(a) {
  const tf = await import('@tensorflow/tfjs-core');
  const lt = await import('tfjs-backend-libtorch');
  if (lt.registerLibtorchBackend() === false) throw new Error(`libtorch unavailable: ${lt.libtorchUnavailableReason?.() ?? ''}`);
  await tf.setBackend('libtorch');
  lt.setThreads?.(a.threads);
  const { buildModel, createSgd, trainStep } = await import('cbloss');
  const model = buildModel('resnet50', { inputShape: [a.size, a.size, 3], numClasses: a.classes, finalBias: 'zero', seed: 1 });
  const variables = model.trainableWeights.map((w) => w.read());
  const sgd = createSgd(variables, { momentum: 0.9, weightDecay: 1e-4, decayed: model.trainableWeights.map((w) => w.shape.length >= 2), nesterov: true });
  const loss = (labels, logits) => tf.tidy(() => tf.neg(tf.mean(tf.sum(tf.mul(tf.oneHot(labels, a.classes), tf.logSoftmax(logits)), 1))));
  const input = tf.randomNormal([a.batch, a.size, a.size, 3], 0, 1, 'float32', 0);
  const labels = tf.randomUniform([a.batch], 0, a.classes, 'int32', 1);
  const micro = [{ input, labels, count: a.batch }];
  const run = async () => {
    const outcome = await trainStep({ model, variables, sgd, loss }, micro, 0.01);
    await outcome.loss.data(); // the step is complete when its loss is read
    tf.dispose([outcome.loss, outcome.correct]);
  };
  for (let i = 0; i < a.warmup; i++) await run();
  const t = performance.now();
  for (let i = 0; i < a.steps; i++) await run();
  const seconds = (performance.now() - t) / 1000;
  console.log(JSON.stringify({ engine: 'libtorch', threads: lt.getThreads?.() ?? a.threads, imagesPerSecond: (a.steps * a.batch) / seconds }));
}

function child(cmd, args, env) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 16 << 20 });
  const line = (r.stdout ?? '').split('\n').find((l) => l.startsWith('{'));
  if (r.status !== 0 || line === undefined) throw new Error(`${cmd} failed (exit ${r.status}): ${(r.stderr ?? '').trim().split('\n').slice(-5).join(' | ')}`);
  return JSON.parse(line);
}

const median = (xs) => {
  const s = [...xs].sort((x, y) => x - y);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function main() {
  const a = parseArgs(process.argv.slice(2));
  if (a.worker) return worker(a);
  const env = { OMP_NUM_THREADS: String(a.threads), OMP_WAIT_POLICY: process.env.OMP_WAIT_POLICY ?? 'PASSIVE' };
  const common = ['--batch', a.batch, '--size', a.size, '--classes', a.classes, '--steps', a.steps, '--warmup', a.warmup, '--threads', a.threads].map(String);
  const rows = { pytorch: [], libtorch: [] };
  let torchVersion = '';
  for (let r = 0; r < a.rounds; r++) {
    const py = child('/usr/bin/python3', [path.join(HERE, 'torch_bench.py'), ...common], env);
    torchVersion = py.torch;
    rows.pytorch.push(py.imagesPerSecond);
    rows.libtorch.push(child(process.execPath, [fileURLToPath(import.meta.url), '--worker', ...common], env).imagesPerSecond);
    console.error(`round ${r + 1}/${a.rounds}: PyTorch ${rows.pytorch.at(-1).toFixed(2)} img/s, libtorch ${rows.libtorch.at(-1).toFixed(2)} img/s`);
  }
  const fmt = (xs) => `${median(xs).toFixed(2)} img/s [${Math.min(...xs).toFixed(2)}–${Math.max(...xs).toFixed(2)}]`;
  const ratios = rows.libtorch.map((v, i) => v / rows.pytorch[i]);
  console.log(`ResNet-50 training, batch ${a.batch} at ${a.size}x${a.size}x3, ${a.classes} classes, ${a.threads} threads (OMP_WAIT_POLICY=${env.OMP_WAIT_POLICY}), ${a.steps} timed steps after ${a.warmup}, ${a.rounds} alternating rounds; PyTorch ${torchVersion}\n`);
  console.log('| engine | images/s (median [min–max]) |');
  console.log('|---|---|');
  console.log(`| PyTorch (eager) | ${fmt(rows.pytorch)} |`);
  console.log(`| cbloss trainStep, libtorch backend | ${fmt(rows.libtorch)} (${median(ratios).toFixed(2)}× [${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}]) |`);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
