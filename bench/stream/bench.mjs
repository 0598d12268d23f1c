#!/usr/bin/env node
// The streaming pipeline's throughput (issue 9 §5a): decoded-and-augmented images/s at 224 px (random
// resized crop + flip + normalise, the paper's training transform) with 1 and 2 worker threads, for both
// decoders (sharp, jpeg-js), against PyTorch's DataLoader + PIL with 1 and 2 worker processes
// (bench/stream/torch_bench.py, /usr/bin/python3) on the same generated JPEG files.
//
//   npm run build && node bench/stream/bench.mjs [--images 192] [--rounds 3] [--batch 32] [--size 224] [--json]
//
// The JPEGs (ImageNet-like sizes: each side 333..500 px, quality 90) are generated once into a temporary
// directory by makeStreamDataset. Each round runs every configuration once, in alternating order (so drifts of
// the machine's load hit all alike); a configuration's epoch 0 warms up (worker start, file cache) and epoch 1
// is timed. Prints the median images/s over the rounds with [min, max], and the ratios to PyTorch.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createDecodePool, makeStreamDataset, openStreamDataset } from 'cbloss';

const { values } = parseArgs({
  options: {
    images: { type: 'string', default: '192' },
    rounds: { type: 'string', default: '3' },
    batch: { type: 'string', default: '32' },
    size: { type: 'string', default: '224' },
    json: { type: 'boolean', default: false },
  },
});
const IMAGES = Number(values.images);
const ROUNDS = Number(values.rounds);
const BATCH = Number(values.batch);
const SIZE = Number(values.size);
const TORCH_SCRIPT = new URL('./torch_bench.py', import.meta.url).pathname;

const dir = mkdtempSync(join(tmpdir(), 'cbloss-bench-stream-'));
try {
  const classes = 16;
  const made = await makeStreamDataset(dir, {
    format: 'folder',
    numClasses: classes,
    maxCount: Math.ceil(IMAGES / classes),
    testPerClass: 1,
    imageSize: [333, 500],
    quality: 90,
    seed: 1,
  });
  const split = openStreamDataset(made.spec).train;
  const listFile = join(dir, 'files.txt');
  writeFileSync(listFile, split.paths.join('\n') + '\n');

  async function node(decoder, workers) {
    const pool = createDecodePool(split, { transform: { mode: 'train', size: SIZE }, batchSize: BATCH, seed: 1, workers, decoder });
    let rate = 0;
    for (const epoch of [0, 1]) {
      const start = performance.now();
      let seen = 0;
      for await (const batch of pool.epoch(epoch)) seen += batch.count;
      rate = seen / ((performance.now() - start) / 1000);
    }
    await pool.close();
    return rate;
  }

  function torch(workers) {
    const out = execFileSync('/usr/bin/python3', [TORCH_SCRIPT, '--list', listFile, '--workers', String(workers), '--batch', String(BATCH), '--size', String(SIZE), '--json'], {
      encoding: 'utf8',
    });
    return JSON.parse(out.trim().split('\n').at(-1)).imagesPerSecond;
  }

  const configs = [
    { name: 'cbloss pool, sharp, 1 worker', run: () => node('sharp', 1) },
    { name: 'cbloss pool, sharp, 2 workers', run: () => node('sharp', 2) },
    { name: 'cbloss pool, jpeg-js, 1 worker', run: () => node('jpeg-js', 1) },
    { name: 'cbloss pool, jpeg-js, 2 workers', run: () => node('jpeg-js', 2) },
    { name: 'PyTorch DataLoader + PIL, 1 worker', run: () => torch(1) },
    { name: 'PyTorch DataLoader + PIL, 2 workers', run: () => torch(2) },
  ];
  const rates = configs.map(() => []);
  const loads = [];
  for (let round = 0; round < ROUNDS; round++) {
    const order = configs.map((_, i) => i);
    if (round % 2 === 1) order.reverse();
    for (const i of order) rates[i].push(await configs[i].run());
    loads.push(loadavg()[0]);
  }
  const median = (xs) => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  };
  const rows = configs.map((c, i) => ({ name: c.name, median: median(rates[i]), min: Math.min(...rates[i]), max: Math.max(...rates[i]), rounds: rates[i] }));
  const machine = `${cpus()[0]?.model ?? 'unknown CPU'}, ${availableParallelism()} cores; load average over the rounds ${loads.map((l) => l.toFixed(1)).join(', ')}`;
  if (values.json) {
    console.log(JSON.stringify({ images: split.count, size: SIZE, batch: BATCH, machine, rows }));
  } else {
    console.log(`${split.count} JPEGs (333..500 px a side), ${SIZE} px random resized crop + flip + normalise, batch ${BATCH}, ${ROUNDS} alternating rounds`);
    console.log(`machine: ${machine}\n`);
    console.log('| pipeline | images/s (median) | range | vs PyTorch, same workers |');
    console.log('|---|---:|---|---:|');
    for (const [i, row] of rows.entries()) {
      const workers = i % 2 === 0 ? 1 : 2;
      const torchRow = rows[4 + (workers - 1)];
      console.log(`| ${row.name} | ${row.median.toFixed(1)} | ${row.min.toFixed(1)}–${row.max.toFixed(1)} | ${(row.median / torchRow.median).toFixed(2)}× |`);
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
