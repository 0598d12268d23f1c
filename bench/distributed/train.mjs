// Trainer-level data-parallel benchmark (issue 9 §5c): `cbloss train` end to end (the built bin), same run, same
// global batch, in three set-ups:
//   --nproc 2 --threads 1   two processes on half of each global batch, gradients summed by c10d/Gloo (loopback)
//   --threads 2             one process, two intra-op threads
//   --threads 1             one process, one thread
// Rounds rotate the order of the set-ups; each run reports the trainer's images/s (results.json: training time
// only, evaluation excluded) and, for --nproc 2, rank 0's allreduce time per step (its log line). The summary is the
// median over rounds with the range, and the ratio to 1 process × 1 thread.
//   npm run build && node bench/distributed/train.mjs [--rounds 3] [--model cnn] [--epochs 1] [--batch 128] [--backend libtorch]
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({
  options: {
    rounds: { type: 'string', default: '3' },
    model: { type: 'string', default: 'cnn' },
    epochs: { type: 'string', default: '1' },
    batch: { type: 'string', default: '128' },
    backend: { type: 'string', default: 'libtorch' },
  },
});
const BIN = fileURLToPath(new URL('../../packages/cbloss/bin/cbloss.js', import.meta.url));
const SETUPS = [
  { name: '2 processes x 1 thread', flags: ['--nproc', '2', '--threads', '1'] },
  { name: '1 process x 2 threads', flags: ['--threads', '2'] },
  { name: '1 process x 1 thread', flags: ['--threads', '1'] },
];
// 16x16 grey gratings, 10 classes, 500 per class (imbalance factor 1: 5000 training images).
const RUN = ['--dataset', 'synthetic-images', '--imbalance-factor', '1', '--model', args.model, '--epochs', args.epochs, '--batch-size', args.batch, '--backend', args.backend, '--no-report', '--overwrite'];
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const summary = (xs, digits = 0) => `${median(xs).toFixed(digits)} [${Math.min(...xs).toFixed(digits)}–${Math.max(...xs).toFixed(digits)}]`;

function train(flags, out) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'train', ...RUN, ...flags, '--out', out], { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, RANK: '', WORLD_SIZE: '' } });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`cbloss train ${flags.join(' ')} exited with ${code}:\n${stderr}`));
      const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
      const allreduce = /allreduce ([\d.]+) ms per step on rank 0/.exec(stderr);
      resolve({ imagesPerSecond: results.imagesPerSecond, allreduceMs: allreduce ? Number(allreduce[1]) : undefined });
    });
  });
}

const root = mkdtempSync(join(tmpdir(), 'cbloss-dp-bench-'));
const rounds = Number(args.rounds);
const figures = SETUPS.map(() => ({ imagesPerSecond: [], allreduceMs: [] }));
const load = [loadavg()[0]];
console.log(`cbloss train ${RUN.join(' ')}; ${rounds} rounds`);
try {
  for (let round = 0; round < rounds; round++) {
    const order = SETUPS.map((_, k) => (k + round) % SETUPS.length);
    const line = [];
    for (const k of order) {
      const r = await train(SETUPS[k].flags, join(root, String(k)));
      figures[k].imagesPerSecond.push(r.imagesPerSecond);
      if (r.allreduceMs !== undefined) figures[k].allreduceMs.push(r.allreduceMs);
      line.push(`${SETUPS[k].name} ${r.imagesPerSecond.toFixed(0)} img/s${r.allreduceMs !== undefined ? ` (allreduce ${r.allreduceMs.toFixed(2)} ms/step)` : ''}`);
      load.push(loadavg()[0]);
    }
    console.log(`round ${round + 1}: ${line.join('; ')}`);
  }
} finally {
  rmSync(root, { recursive: true, force: true });
}
const base = figures[2].imagesPerSecond;
console.log(`\n${cpus().length} x ${cpus()[0]?.model ?? 'CPU'}, Node ${process.version}; load average ${summary(load, 1)} during the runs`);
console.log('| set-up | images/s | ratio to 1 x 1 | allreduce ms/step (rank 0) |');
console.log('| --- | --- | --- | --- |');
SETUPS.forEach((setup, k) => {
  const ips = figures[k].imagesPerSecond;
  const ratios = ips.map((v, i) => v / base[i]);
  const reduce = figures[k].allreduceMs.length > 0 ? summary(figures[k].allreduceMs, 2) : '—';
  console.log(`| ${setup.name} | ${summary(ips)} | ${summary(ratios, 2)} | ${reduce} |`);
});
