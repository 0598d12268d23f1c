// Data-parallel benchmark (issue 9 §5c): the small CNN on the libtorch backend, same global batch, trained by
//   1 process × 1 thread   on the whole batch, and
//   2 processes × 1 thread on half the batch each, gradients averaged by ProcessGroup.allreduce (c10d Gloo, loopback).
// Rounds alternate the two set-ups; each round reports its median step; the summary gives the median over rounds
// with the range, the speed-up, and the allreduce time per step (rank 0).
//   node bench/distributed/bench.mjs [--rounds 5] [--steps 10] [--batch 256]
import { fork } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { freePort } from 'tfjs-backend-libtorch/distributed';

const { values: args } = parseArgs({
  options: { rounds: { type: 'string', default: '5' }, steps: { type: 'string', default: '10' }, batch: { type: 'string', default: '256' } },
});
const WORKER = join(dirname(fileURLToPath(import.meta.url)), 'worker.mjs');
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** Forks `worldSize` workers (no process group when 1) and resolves with their reports. */
async function run(worldSize) {
  const port = await freePort();
  const common = { ...process.env, BENCH_GLOBAL_BATCH: args.batch, BENCH_STEPS: args.steps, OMP_NUM_THREADS: '1' };
  const children = Array.from({ length: worldSize }, (_, rank) =>
    fork(WORKER, [], {
      env: worldSize === 1 ? common : { ...common, MASTER_ADDR: '127.0.0.1', MASTER_PORT: String(port), RANK: String(rank), WORLD_SIZE: String(worldSize) },
    }),
  );
  return Promise.all(
    children.map(
      (child) =>
        new Promise((resolve, reject) => {
          child.once('message', resolve);
          child.once('exit', (code) => (code === 0 ? undefined : reject(new Error(`worker exited with ${code}`))));
        }),
    ),
  );
}

const rounds = Number(args.rounds);
const batch = Number(args.batch);
const single = [];
const dual = [];
const reduce = [];
const alone = [];
const perTensor = [];
let tensorCount = 0;
const load = [loadavg()[0]];
let gradientBytes = 0;
for (let round = 0; round < rounds; round++) {
  const [one] = await run(1);
  const two = await run(2);
  const rank0 = two.find((r) => r.rank === 0);
  gradientBytes = one.gradientBytes;
  single.push(batch / (median(one.stepMs) / 1000));
  dual.push(batch / (median(rank0.stepMs) / 1000));
  reduce.push(median(rank0.allreduceMs));
  alone.push(median(rank0.aloneMs));
  perTensor.push(median(rank0.perTensorMs));
  tensorCount = rank0.tensors;
  load.push(loadavg()[0]);
  console.log(
    `round ${round + 1}: 1x1 ${single.at(-1).toFixed(0)} img/s, 2x1 ${dual.at(-1).toFixed(0)} img/s, allreduce ${reduce.at(-1).toFixed(2)} ms/step (alone ${alone.at(-1).toFixed(2)} ms; per tensor ${perTensor.at(-1).toFixed(2)} ms)`,
  );
}
const range = (xs, d = 0) => `${median(xs).toFixed(d)} [${Math.min(...xs).toFixed(d)}–${Math.max(...xs).toFixed(d)}]`;
const ratios = single.map((s, k) => dual[k] / s);
console.log(`\nmachine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}; load average (1 min) ${Math.min(...load).toFixed(1)}–${Math.max(...load).toFixed(1)} during the run`);
console.log(`small CNN, global batch ${batch}, ${args.steps} timed steps per process after 3 warm-up, ${rounds} alternating rounds (median [range])`);
console.log(`gradients: ${(gradientBytes / 2 ** 20).toFixed(2)} MiB per step, one allreduce call (default 25 MiB buckets)`);
console.log(`1 process  × 1 thread : ${range(single)} img/s`);
console.log(`2 processes × 1 thread: ${range(dual)} img/s  (speed-up ${range(ratios, 2)}x)`);
console.log(`allreduce per step (rank 0, including waiting for the other rank): ${range(reduce, 2)} ms`);
console.log(`allreduce alone (back-to-back, ranks in step): ${range(alone, 2)} ms`);
console.log(`the same as ${tensorCount} allreduces, one per tensor, each awaited: ${range(perTensor, 2)} ms`);
