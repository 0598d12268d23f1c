// @ts-check
// `cbloss train` end to end against a plain PyTorch loop of the same recipe on the same data (bench/e2e/README.md):
// alternating rounds, the median of each run's timed epochs (the first epoch warms up), medians and ranges over the
// rounds, and the ratio per round.
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { FASHION_MNIST_DEFAULT_DIR } from 'cbloss';
import { writeCifarLikeFiles } from './cifarLikeFiles.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const CBLOSS = join(here, '..', '..', 'packages', 'cbloss', 'bin', 'cbloss.js');
const PYTHON = '/usr/bin/python3';

const { values: args } = parseArgs({
  options: {
    workloads: { type: 'string', default: 'fashion,rgb' },
    rounds: { type: 'string', default: '5' },
    epochs: { type: 'string', default: '3' },
    threads: { type: 'string', default: '2' },
    'rgb-per-class': { type: 'string', default: '1000' },
    json: { type: 'boolean', default: false },
  },
});
const rounds = Number(args.rounds);
const epochs = Number(args.epochs);
const threads = Number(args.threads);
if (!(epochs >= 2)) throw new Error("bench/e2e: '--epochs' must be at least 2 (the first warms up); got " + args.epochs + '.');

/** @param {number[]} xs */
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? /** @type {number} */ (s[m]) : (/** @type {number} */ (s[m - 1]) + /** @type {number} */ (s[m])) / 2;
};

/**
 * @param {string} command
 * @param {string[]} argv
 */
function run(command, argv) {
  // PASSIVE: OpenMP threads sleep instead of spinning between parallel regions (GNU OpenMP spins by default); on a
  // loaded machine spinning costs PyTorch 4x here (99 vs 378 img/s in one check). bench/engine does the same.
  const env = { ...process.env, OMP_NUM_THREADS: String(threads), OMP_WAIT_POLICY: process.env['OMP_WAIT_POLICY'] ?? 'PASSIVE' };
  const r = spawnSync(command, argv, { encoding: 'utf8', env, maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`bench/e2e: ${command} ${argv.join(' ')} failed (${r.status}):\n${r.stderr}`);
  return r.stdout;
}

/**
 * One `cbloss train` run; the median training images/s of its epochs after the first.
 * @param {{ name: string, dataset: string, dataDir: string }} w
 * @param {string} out
 */
async function cbloss(w, out) {
  run(process.execPath, [CBLOSS, 'train', '--dataset', w.dataset, '--data-dir', w.dataDir, '--epochs', String(epochs), '--batch-size', '128',
    '--backend', 'libtorch', '--threads', String(threads), '--no-report', '--overwrite', '--out', out]);
  const results = JSON.parse(await readFile(join(out, 'results.json'), 'utf8'));
  /** @type {{ imagesPerSecond: number }[]} */
  const history = results.history;
  return { imagesPerSecond: median(history.slice(1).map((h) => h.imagesPerSecond)), count: results.trainCount ?? results.data?.trainCount };
}

/**
 * The PyTorch loop on the same files and subset; the median images/s of its epochs after the first.
 * @param {{ name: string, dataset: string, dataDir: string }} w
 * @param {string} out the cbloss run whose subset.json it reads
 */
function torch(w, out) {
  const argv = [join(here, 'torch_train.py'), '--data', w.dataset, '--data-dir', w.dataDir, '--subset', join(out, 'subset.json'),
    '--epochs', String(epochs), '--threads', String(threads), ...(w.dataset === 'cifar10' ? ['--augment'] : [])];
  const lines = run(PYTHON, argv).trim().split('\n').map((l) => JSON.parse(l));
  return { imagesPerSecond: median(lines.slice(1).map((l) => l.imagesPerSecond)) };
}

const root = await mkdtemp(join(tmpdir(), 'cbloss-e2e-'));
try {
  /** @type {{ name: string, dataset: string, dataDir: string, label: string }[]} */
  const workloads = [];
  for (const name of args.workloads.split(',')) {
    if (name === 'fashion') workloads.push({ name, dataset: 'fashion-mnist', dataDir: FASHION_MNIST_DEFAULT_DIR, label: 'small CNN, long-tailed Fashion-MNIST (IF 100), no augmentation' });
    else if (name === 'rgb') {
      const dataDir = join(root, 'cifar-like');
      await writeCifarLikeFiles(dataDir, { perClass: Number(args['rgb-per-class']), testPerClass: 100, seed: 1 });
      workloads.push({ name, dataset: 'cifar10', dataDir, label: `ResNet-32, generated 32x32x3 (${args['rgb-per-class']}/class, IF 100), crop + flip` });
    } else throw new Error(`bench/e2e: '--workloads' must list fashion and/or rgb; got ${name}.`);
  }
  const table = [];
  for (const w of workloads) {
    const ours = [];
    const theirs = [];
    const ratios = [];
    for (let r = 0; r < rounds; r++) {
      const out = join(root, `run-${w.name}`);
      // alternate which side goes first; PyTorch needs the run's subset.json, so on a PyTorch-first round the
      // previous round's (identical: same seed) is used, and round 0 always starts with cbloss
      let a;
      let b;
      if (r % 2 === 0) {
        a = await cbloss(w, out);
        b = torch(w, out);
      } else {
        b = torch(w, out);
        a = await cbloss(w, out);
      }
      ours.push(a.imagesPerSecond);
      theirs.push(b.imagesPerSecond);
      ratios.push(a.imagesPerSecond / b.imagesPerSecond);
      process.stderr.write(`${w.name} round ${r + 1}/${rounds}: cbloss ${a.imagesPerSecond.toFixed(0)} img/s, PyTorch ${b.imagesPerSecond.toFixed(0)} img/s (${(a.imagesPerSecond / b.imagesPerSecond).toFixed(2)}x)\n`);
    }
    table.push({ workload: w.label, cbloss: ours, pytorch: theirs, ratios });
  }
  const range = (/** @type {number[]} */ xs, /** @type {number} */ d) => `${Math.min(...xs).toFixed(d)}–${Math.max(...xs).toFixed(d)}`;
  if (args.json) console.log(JSON.stringify({ machine: cpus()[0]?.model, threads, epochs, rounds, table }, null, 1));
  else {
    console.log(`${cpus().length} × ${cpus()[0]?.model}, ${threads} threads (OMP_WAIT_POLICY=${process.env['OMP_WAIT_POLICY'] ?? 'PASSIVE'}), ${epochs} epochs per run (first one not timed), ${rounds} alternating rounds`);
    console.log('| workload | cbloss train img/s | PyTorch loop img/s | ratio |');
    console.log('|---|---:|---:|---:|');
    for (const t of table) {
      console.log(`| ${t.workload} | ${median(t.cbloss).toFixed(0)} (${range(t.cbloss, 0)}) | ${median(t.pytorch).toFixed(0)} (${range(t.pytorch, 0)}) | ${median(t.ratios).toFixed(2)}× (${range(t.ratios, 2)}) |`);
    }
  }
} finally {
  await rm(root, { recursive: true, force: true });
}
