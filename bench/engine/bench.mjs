#!/usr/bin/env node
// Engine benchmark: training throughput of PyTorch vs the tf.js backends, side by side, in one run.
//
//   node bench/engine/bench.mjs [--backends libtorch,wasm,cpu] [--steps N] [--threads T] [--rounds R] [--no-pytorch] [--unfused]
//
// Workloads (random data, same architectures in bench/engine/models.mjs and torch_bench.py):
//   cnn      – small CNN, 28x28x1, batch 128, SGD momentum 0.9: training images/s
//   resnet32 – CIFAR ResNet-32 with batch norm, 32x32x3, batch 128, SGD momentum 0.9: training images/s
//              (conv-BN(-ReLU) as one fused op, tfjs-backend-libtorch/ops convBatchNorm; --unfused: separate layers)
//   focal    – class-balanced sigmoid focal loss forward+backward, B=256, C=8142: ms per call
// Each engine runs in its own child process, one after the other (never concurrently); with --rounds R (default 1)
// PyTorch and libtorch alternate R times and the table shows medians (a shared machine's speed drifts). The cpu backend
// is very slow (its Conv2DBackpropFilter is a naive JS loop: ~1 min per ResNet-32 step at batch 2), so
// it runs 1 warm-up + --cpu-steps (default 1) steps at batch 8 (CNN) / 2 (ResNet-32) and says so.
// Prints a markdown table; writes nothing.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const WORKLOADS = ['cnn', 'resnet32', 'focal'];
const ENGINES = ['libtorch', 'wasm', 'cpu'];

function parseArgs(argv) {
  const a = { backends: ENGINES, steps: 20, rounds: 1, threads: os.availableParallelism(), cpuSteps: undefined, warmup: 2, pytorch: true, workloads: WORKLOADS, worker: undefined, cnnBatch: 128, resnetBatch: 128, fused: true };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i];
    const v = () => {
      const x = argv[++i];
      if (x === undefined) throw new Error(`bench.mjs: '${k}' must have a value; got none.`);
      return x;
    };
    const int = (name) => {
      const x = Number(v());
      if (!Number.isInteger(x) || x < 1) throw new Error(`bench.mjs: '${name}' must be a positive integer; got ${argv[i]}.`);
      return x;
    };
    if (k === '--backends') a.backends = v().split(',').filter(Boolean);
    else if (k === '--steps') a.steps = int('--steps');
    else if (k === '--rounds') a.rounds = int('--rounds');
    else if (k === '--cpu-steps') a.cpuSteps = int('--cpu-steps');
    else if (k === '--warmup') a.warmup = int('--warmup');
    else if (k === '--threads') a.threads = int('--threads');
    else if (k === '--workloads') a.workloads = v().split(',').filter(Boolean);
    else if (k === '--no-pytorch') a.pytorch = false;
    else if (k === '--unfused') a.fused = false;
    else if (k === '--worker') a.worker = v();
    else if (k === '--cnn-batch') a.cnnBatch = int('--cnn-batch');
    else if (k === '--resnet-batch') a.resnetBatch = int('--resnet-batch');
    else if (k === '--help' || k === '-h') {
      console.log(readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n').slice(1, 14).map((l) => l.replace(/^\/\/ ?/, '')).join('\n'));
      process.exit(0);
    } else throw new Error(`bench.mjs: unknown option '${k}'; valid: --backends, --steps, --rounds, --cpu-steps, --warmup, --threads, --workloads, --no-pytorch, --unfused.`);
  }
  for (const b of a.backends) if (!ENGINES.includes(b)) throw new Error(`bench.mjs: '--backends' must list ${ENGINES.join(', ')}; got '${b}'.`);
  for (const w of a.workloads) if (!WORKLOADS.includes(w)) throw new Error(`bench.mjs: '--workloads' must list ${WORKLOADS.join(', ')}; got '${w}'.`);
  a.cpuSteps ??= 1;
  return a;
}

/** Runs a child process and collects the JSON lines it prints; its stderr is shown on failure. */
function runChild(cmd, args, env) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 64 << 20 });
  const rows = [];
  for (const line of (r.stdout ?? '').split('\n')) {
    if (line.startsWith('{')) {
      try {
        rows.push(JSON.parse(line));
      } catch {
        // not one of ours
      }
    }
  }
  if (r.status !== 0 || r.error) {
    const why = r.error?.message ?? (r.stderr ?? '').trim().split('\n').slice(-5).join('\n  ');
    rows.push({ engine: args.includes('--worker') ? args[args.indexOf('--worker') + 1] : 'pytorch', skipped: `exit ${r.status}: ${why}` });
  }
  return rows;
}

/** One row per engine and workload: the median value over rounds, with `range` [min, max] when there were several. */
function medianRows(raw) {
  const groups = new Map();
  for (const r of raw) {
    const key = r.skipped ? `${r.engine} skipped` : `${r.engine} ${r.workload}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  return [...groups.values()].map((group) => {
    if (group[0].skipped || group.length === 1) return group[0];
    const sorted = [...group].sort((p, q) => p.value - q.value);
    const mid = sorted[Math.floor((sorted.length - 1) / 2)];
    const cpu = group.every((r) => r.cpuValue !== undefined) ? group.map((r) => r.cpuValue).sort((p, q) => p - q) : undefined;
    const cpuMedian = cpu && { cpuValue: cpu[Math.floor((cpu.length - 1) / 2)], cpuRange: [cpu[0], cpu[cpu.length - 1]] };
    return { ...mid, range: [sorted[0].value, sorted[sorted.length - 1].value], ...cpuMedian };
  });
}

function machine(threads) {
  const cpus = os.cpus();
  return `${cpus[0]?.model ?? 'unknown CPU'}, ${cpus.length} logical cores, ${threads} threads, Node ${process.version}, ${os.platform()} ${os.release()}`;
}

function fmt(v, unit) {
  if (v === undefined) return '–';
  const n = v >= 10 ? v.toFixed(1) : v.toPrecision(2);
  return unit === 'ms' ? `${n} ms` : `${n} img/s`;
}

function table(rows, a) {
  const engines = ['pytorch', ...a.backends];
  const title = { pytorch: 'PyTorch', libtorch: 'libtorch backend', wasm: 'wasm', cpu: 'cpu' };
  const lines = [`| workload | ${engines.map((e) => title[e]).join(' | ')} |`, `|---|${engines.map(() => '---').join('|')}|`];
  const label = { cnn: 'small CNN train (28x28x1, B=128)', resnet32: 'ResNet-32 train (32x32x3, B=128)', focal: 'CB focal loss fwd+bwd (B=256, C=8142)' };
  for (const w of a.workloads) {
    const ref = rows.find((r) => r.engine === 'pytorch' && r.workload === w);
    const cells = engines.map((e) => {
      const r = rows.find((x) => x.engine === e && x.workload === w);
      if (r === undefined) return rows.some((x) => x.engine === e && x.skipped) ? 'skipped' : '–';
      const mark = r.batches && r.unit !== 'ms' ? '\\*' : '';
      const range = r.range ? ` [${r.range.map((v) => fmt(v, r.unit).split(' ')[0]).join('–')}]` : '';
      if (e === 'pytorch' || ref === undefined) return fmt(r.value, r.unit) + mark + range;
      // ratio = how many times PyTorch's speed this engine reaches (>1 is faster than PyTorch)
      const ratio = r.unit === 'ms' ? ref.value / r.value : r.value / ref.value;
      return `${fmt(r.value, r.unit)}${mark}${range} (${ratio < 0.01 ? ratio.toExponential(1) : ratio.toFixed(2)}×)`;
    });
    lines.push(`| ${label[w]} | ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
}

async function parent(a) {
  console.log(`Machine: ${machine(a.threads)}; load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  const common = ['--steps', String(a.steps), '--warmup', String(a.warmup), '--threads', String(a.threads), '--workloads', a.workloads.join(',')];
  const tfjsOnly = a.fused ? [] : ['--unfused'];
  // Passive OpenMP waits unless the caller chose otherwise: with the default spin-waits, 2 threads on a
  // busy 2-core machine ran PyTorch 5–7× slower than 1 thread (barriers wait for descheduled threads).
  const env = { OMP_NUM_THREADS: String(a.threads), OMP_WAIT_POLICY: process.env.OMP_WAIT_POLICY ?? 'PASSIVE' };
  console.log(`OpenMP: OMP_NUM_THREADS=${env.OMP_NUM_THREADS} OMP_WAIT_POLICY=${env.OMP_WAIT_POLICY} (PyTorch and the libtorch backend)`);
  // PyTorch and the libtorch backend alternate for --rounds rounds, so that a slow spell of a shared machine
  // hits both; the table shows the median of each. wasm and cpu run once (they are far from the others).
  const raw = [];
  for (let round = 1; round <= a.rounds; round++) {
    const tag = a.rounds > 1 ? ` (round ${round}/${a.rounds})` : '';
    if (a.pytorch) {
      process.stderr.write(`running pytorch${tag}...\n`);
      raw.push(...runChild('/usr/bin/python3', [path.join(HERE, 'torch_bench.py'), ...common], env));
    }
    for (const b of a.backends) {
      if (round > 1 && b !== 'libtorch') continue;
      process.stderr.write(`running ${b}${b === 'libtorch' ? tag : ''}...\n`);
      const steps = b === 'cpu' ? ['--steps', String(a.cpuSteps), '--warmup', '1', '--cnn-batch', '8', '--resnet-batch', '2'] : [];
      raw.push(...runChild(process.execPath, [fileURLToPath(import.meta.url), '--worker', b, ...common, ...tfjsOnly, ...steps], env));
    }
  }
  const rows = medianRows(raw);
  for (const r of rows) if (r.skipped) console.log(`Notice: ${r.engine} skipped (${r.skipped})`);
  const meta = rows.filter((r) => r.workload === WORKLOADS.find((w) => a.workloads.includes(w)) && !r.skipped);
  for (const r of meta) console.log(`- ${r.engine}: ${r.threads} thread(s), ${r.steps} timed step(s)${r.batches ? `, batch ${r.batches}` : ''}${r.note ? `; ${r.note}` : ''}`);
  console.log();
  console.log(table(rows, a));
  console.log('\nRatio = speed relative to PyTorch on the same machine and threads (>1× is faster). Random data; timings after warm-up.');
  if (a.rounds > 1) console.log(`PyTorch and libtorch: median of ${a.rounds} alternating rounds, [min–max] over the rounds; the ratio is of the medians.`);
  console.log(`tf.js ResNet-32: ${a.fused ? 'conv-BN(-ReLU) as one fused op (convBatchNorm)' : 'separate conv2d, batchNormalization and reLU layers (--unfused)'}.`);
  const perCpu = rows.filter((r) => r.cpuValue !== undefined && !r.skipped);
  if (perCpu.length > 0) {
    // Wall-clock speed follows the machine's load; images per CPU-second (all threads) much less so.
    console.log('\nImages per CPU-second (process CPU time of all threads; medians, [min–max] with --rounds):');
    for (const w of a.workloads) {
      const ref = perCpu.find((r) => r.engine === 'pytorch' && r.workload === w);
      const cells = perCpu.filter((r) => r.workload === w).map((r) => {
        const range = r.cpuRange ? ` [${r.cpuRange.map((v) => v.toFixed(1)).join('–')}]` : '';
        const ratio = ref && r !== ref ? ` (${(r.cpuValue / ref.cpuValue).toFixed(2)}×)` : '';
        return `${r.engine} ${r.cpuValue.toFixed(1)}${range}${ratio}`;
      });
      if (cells.length > 0) console.log(`- ${w}: ${cells.join(', ')}`);
    }
  }
  const counted = rows.filter((r) => r.kernelsPerStep !== undefined);
  if (counted.length > 0) console.log(`TF.js kernels per training step (tf.profile of one step): ${counted.map((r) => `${r.engine} ${r.workload} ${r.kernelsPerStep}`).join(', ')}.`);
  if (rows.some((r) => r.batches)) console.log('\\* smaller batch (see above): the cpu backend is too slow for batch 128.');
}

// ---- worker: one tf.js backend -------------------------------------------------------------------

async function setUpBackend(tf, name, threads) {
  if (name === 'cpu') {
    await import('@tensorflow/tfjs-backend-cpu');
    return { threads: 1, note: 'pure JS, single thread' };
  }
  if (name === 'wasm') {
    const { registerWasmTrainingKernels } = await import('tfjs-backend-libtorch/wasm-training-kernels');
    registerWasmTrainingKernels();
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    return { threads: typeof wasm.getThreadsCount === 'function' ? null : 1, note: 'XNNPACK, SIMD; tfjs-backend-wasm uses no threads in Node', getThreads: wasm.getThreadsCount };
  }
  const lt = await import('tfjs-backend-libtorch');
  if (typeof lt.registerLibtorchBackend !== 'function') throw new Error('tfjs-backend-libtorch does not export registerLibtorchBackend (not built yet?)');
  if (lt.registerLibtorchBackend() === false || (typeof lt.isLibtorchAvailable === 'function' && !lt.isLibtorchAvailable())) {
    throw new Error(`libtorch unavailable: ${lt.libtorchUnavailableReason?.() ?? 'no reason given'}`);
  }
  lt.setThreads?.(threads);
  return { threads: lt.getThreads?.() ?? threads, note: 'native libtorch (oneDNN conv, OpenBLAS matmul)' };
}

async function timeTraining(tf, model, inputShape, batch, steps, warmup) {
  model.compile({ optimizer: tf.train.momentum(0.01, 0.9), loss: (yTrue, yPred) => tf.losses.softmaxCrossEntropy(yTrue, yPred) });
  const x = tf.randomNormal([batch, ...inputShape], 0, 1, 'float32', 0);
  const y = tf.oneHot(tf.randomUniform([batch], 0, 10, 'int32', 1), 10);
  for (let i = 0; i < warmup; i++) await model.trainOnBatch(x, y);
  const t = performance.now();
  // CPU time of all the process's threads (OpenMP waits are passive: no spinning), for figures on a loaded machine
  const c = process.cpuUsage();
  for (let i = 0; i < steps; i++) await model.trainOnBatch(x, y);
  const seconds = (performance.now() - t) / 1000;
  const cpu = process.cpuUsage(c);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  // The engine's kernel calls in one more step, untimed (profiling adds bookkeeping per kernel).
  const profile = await tf.profile(() => model.trainOnBatch(x, y));
  tf.dispose([x, y]);
  model.dispose();
  return { value: (steps * batch) / seconds, cpuValue: (steps * batch) / cpuSeconds, kernelsPerStep: profile.kernels.length };
}

async function timeFocal(tf, calls, warmup) {
  const { makeFocalLoss } = await import('./focalLoss.mjs');
  const { source, loss } = await makeFocalLoss(8142);
  const labels = tf.randomUniform([256], 0, 8142, 'int32', 2);
  const logits = tf.randomNormal([256, 8142], 0, 1, 'float32', 3);
  const grad = tf.grad((z) => loss(labels, z));
  const once = async () => {
    const g = grad(logits);
    await g.data();
    g.dispose();
  };
  for (let i = 0; i < warmup; i++) await once();
  const t = performance.now();
  for (let i = 0; i < calls; i++) await once();
  tf.dispose([labels, logits]);
  return { ms: (performance.now() - t) / calls, source };
}

async function worker(a) {
  const tf = await import('@tensorflow/tfjs-core');
  const { smallCnn, resnetCifar } = await import('./models.mjs');
  const out = (o) => console.log(JSON.stringify({ engine: a.worker, ...o }));
  let setup;
  try {
    setup = await setUpBackend(tf, a.worker, a.threads);
    if (!(await tf.setBackend(a.worker))) throw new Error(`tf.setBackend('${a.worker}') failed`);
    await tf.ready();
  } catch (e) {
    out({ skipped: e instanceof Error ? e.message : String(e) });
    return;
  }
  const threads = setup.threads ?? setup.getThreads?.() ?? 1;
  const batches = a.cnnBatch === 128 && a.resnetBatch === 128 ? undefined : `${a.cnnBatch} (CNN) / ${a.resnetBatch} (ResNet-32) instead of 128`;
  const meta = { threads, steps: a.steps, note: setup.note, batches };
  for (const w of a.workloads) {
    if (w === 'cnn') out({ ...meta, workload: w, unit: 'img/s', ...(await timeTraining(tf, smallCnn(), [28, 28, 1], a.cnnBatch, a.steps, a.warmup)) });
    if (w === 'resnet32') out({ ...meta, workload: w, unit: 'img/s', ...(await timeTraining(tf, resnetCifar(5, { fused: a.fused }), [32, 32, 3], a.resnetBatch, a.steps, a.warmup)) });
    if (w === 'focal') {
      const r = await timeFocal(tf, a.steps * 5, a.warmup);
      out({ ...meta, workload: w, unit: 'ms', value: r.ms, note: `${setup.note}; loss from ${r.source}` });
    }
  }
}

const args = parseArgs(process.argv.slice(2));
await (args.worker ? worker(args) : parent(args));
