#!/usr/bin/env node
// Where a ResNet-32 training step spends its time: cbloss's step on the libtorch backend, kernel by kernel, beside
// PyTorch's own profiler on the same architecture, in one run.
//
//   node bench/engine/profile.mjs [--steps N] [--threads T] [--batch B] [--top K] [--no-pytorch]
//
// libtorch: cbloss's ResNet-32 (option-A shortcuts, fused conv-BN(-ReLU) layers), softmax cross-entropy from
// class-balanced-loss, the fused SGD update: `trainStep`, as `cbloss train` runs it. Steps are timed without the
// profiler (wall and process CPU time), then profiled with tf.profile (its per-kernel time, summed by kernel name).
// "outside kernels" is the timed step minus the profiled kernels' sum: TF.js's engine (tape, bookkeeping), layers and
// the JS of the step. PyTorch: bench/engine/torch_profile.py, torch.profiler's self CPU time by operator, for its
// ResNet-32 (channels-last, 1x1-conv shortcuts: bench/engine/torch_bench.py). Random data. Prints markdown; writes nothing.
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));

function parseArgs(argv) {
  const a = { steps: 5, threads: os.availableParallelism(), batch: 128, top: 15, pytorch: true, worker: false };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i];
    const int = () => {
      const x = Number(argv[++i]);
      if (!Number.isInteger(x) || x < 1) throw new Error(`profile.mjs: '${k}' must be a positive integer; got ${argv[i]}.`);
      return x;
    };
    if (k === '--steps') a.steps = int();
    else if (k === '--threads') a.threads = int();
    else if (k === '--batch') a.batch = int();
    else if (k === '--top') a.top = int();
    else if (k === '--no-pytorch') a.pytorch = false;
    else if (k === '--worker') a.worker = true;
    else throw new Error(`profile.mjs: unknown option '${k}'; valid: --steps, --threads, --batch, --top, --no-pytorch.`);
  }
  return a;
}

async function worker(a) {
  const tf = await import('@tensorflow/tfjs-core');
  const lt = await import('tfjs-backend-libtorch');
  if (lt.registerLibtorchBackend() === false) throw new Error(`libtorch unavailable: ${lt.libtorchUnavailableReason?.()}`);
  lt.setThreads(a.threads);
  await tf.setBackend('libtorch');
  const { buildModel, createSgd, trainStep, weightDecayVariables } = await import('cbloss');
  const { createLoss } = await import('class-balanced-loss');
  const model = buildModel('resnet32', { inputShape: [32, 32, 3], numClasses: 10, finalBias: 'zero', seed: 1 });
  const variables = model.trainableWeights.map((w) => w.read());
  const decayed = new Set(weightDecayVariables(model, 'zero'));
  const sgd = createSgd(variables, { momentum: 0.9, weightDecay: 2e-4, decayed: variables.map((v) => decayed.has(v)) });
  const lossFn = createLoss('softmax', { samplesPerClass: Array(10).fill(100) });
  const context = { model, variables, sgd, loss: (labels, logits) => lossFn(labels, logits) };
  const input = tf.randomNormal([a.batch, 32, 32, 3], 0, 1, 'float32', 0);
  const labels = tf.randomUniform([a.batch], 0, 10, 'int32', 1);
  const step = async () => {
    const outcome = await trainStep(context, [{ input, labels, count: a.batch }], 0.05);
    await outcome.loss.data();
    tf.dispose([outcome.loss, outcome.correct]);
  };
  for (let i = 0; i < 2; i++) await step();
  const t = performance.now();
  const c = process.cpuUsage();
  for (let i = 0; i < a.steps; i++) await step();
  const wallMs = (performance.now() - t) / a.steps;
  const cpu = process.cpuUsage(c);
  const cpuMs = (cpu.user + cpu.system) / 1000 / a.steps;
  const byKernel = new Map();
  for (let i = 0; i < a.steps; i++) {
    const profile = await tf.profile(step);
    for (const k of profile.kernels) {
      const ms = typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : (k.kernelTimeMs?.error ? 0 : Number(k.kernelTimeMs));
      const e = byKernel.get(k.name) ?? { calls: 0, ms: 0 };
      byKernel.set(k.name, { calls: e.calls + 1, ms: e.ms + ms });
    }
  }
  const kernels = [...byKernel].map(([name, e]) => ({ name, calls: e.calls / a.steps, ms: e.ms / a.steps })).sort((p, q) => q.ms - p.ms);
  console.log(JSON.stringify({ engine: 'libtorch', wallMs, cpuMs, kernels }));
}

function pytorch(a) {
  const r = spawnSync('/usr/bin/python3', [path.join(HERE, 'torch_profile.py'), '--steps', String(a.steps), '--threads', String(a.threads), '--batch', String(a.batch)], {
    encoding: 'utf8',
    env: { ...process.env, OMP_NUM_THREADS: String(a.threads), OMP_WAIT_POLICY: process.env.OMP_WAIT_POLICY ?? 'PASSIVE' },
    maxBuffer: 64 << 20,
  });
  const line = (r.stdout ?? '').split('\n').find((l) => l.startsWith('{'));
  if (r.status !== 0 || line === undefined) throw new Error(`torch_profile.py failed (exit ${r.status}): ${(r.stderr ?? '').trim().split('\n').slice(-5).join(' | ')}`);
  return JSON.parse(line);
}

function libtorch(a) {
  const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--worker', '--steps', String(a.steps), '--threads', String(a.threads), '--batch', String(a.batch)], {
    encoding: 'utf8',
    env: { ...process.env, OMP_NUM_THREADS: String(a.threads), OMP_WAIT_POLICY: process.env.OMP_WAIT_POLICY ?? 'PASSIVE' },
    maxBuffer: 64 << 20,
  });
  const line = (r.stdout ?? '').split('\n').find((l) => l.startsWith('{'));
  if (r.status !== 0 || line === undefined) throw new Error(`libtorch worker failed (exit ${r.status}): ${(r.stderr ?? '').trim().split('\n').slice(-5).join(' | ')}`);
  return JSON.parse(line);
}

function report(run, top) {
  const total = run.kernels.reduce((s, k) => s + k.ms, 0);
  const calls = run.kernels.reduce((s, k) => s + k.calls, 0);
  const lines = [
    `**${run.engine}**: ${run.wallMs.toFixed(1)} ms per step (wall), ${run.cpuMs.toFixed(1)} ms CPU; ${run.engine === 'pytorch' ? 'operators' : 'kernels'}: ${total.toFixed(1)} ms in ${Math.round(calls)} calls; outside them: ${(run.wallMs - total).toFixed(1)} ms`,
    '',
    `| ${run.engine === 'pytorch' ? 'operator (self CPU)' : 'kernel'} | calls/step | ms/step | share of the step |`,
    '|---|---:|---:|---:|',
    ...run.kernels.slice(0, top).map((k) => `| ${k.name} | ${Math.round(k.calls)} | ${k.ms.toFixed(2)} | ${((100 * k.ms) / run.wallMs).toFixed(1)} % |`),
  ];
  return lines.join('\n');
}

const args = parseArgs(process.argv.slice(2));
if (args.worker) {
  await worker(args);
} else {
  console.log(`Machine: ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} logical cores, ${args.threads} threads, Node ${process.version}; load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  console.log(`ResNet-32 training step, batch ${args.batch}, 32x32x3, ${args.steps} timed + ${args.steps} profiled steps per engine\n`);
  const runs = [libtorch(args), ...(args.pytorch ? [pytorch(args)] : [])];
  for (const run of runs) console.log(`${report(run, args.top)}\n`);
  if (runs.length === 2) console.log(`Step time ratio (PyTorch / libtorch, wall): ${(runs[1].wallMs / runs[0].wallMs).toFixed(2)}×`);
}
