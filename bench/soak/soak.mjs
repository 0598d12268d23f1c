// @ts-check
// Soak benchmark (bench/soak/README.md): a long `cbloss train`, run in this process through the CLI's own `main`, with
// the process's memory sampled at the end of every epoch (when the trainer logs the epoch's line): RSS (anonymous
// and file-backed, from /proc/self/status), the JS heap, V8's external and ArrayBuffer memory, tf.memory() (tensors,
// bytes, and the libtorch backend's native tensors and bytes). Writes one JSON line per epoch and a summary: RSS
// from the first sampled epoch after --settle to the last, and its least-squares slope in MB per 100 epochs.
//
//   node bench/soak/soak.mjs --epochs 300 --out /tmp/soak.jsonl [-- extra cbloss train flags]
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import { main } from 'cbloss';

const { values: args, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    epochs: { type: 'string', default: '300' },
    settle: { type: 'string', default: '25' },
    dataset: { type: 'string', default: 'fashion-mnist' },
    threads: { type: 'string', default: '2' },
    out: { type: 'string' },
  },
});

/** kB fields of /proc/self/status, in MB. */
function procStatus() {
  const text = readFileSync('/proc/self/status', 'utf8');
  /** @param {string} key */
  const mb = (key) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? NaN) / 1024;
  return { rssMB: mb('VmRSS'), rssAnonMB: mb('RssAnon'), rssFileMB: mb('RssFile'), hwmMB: mb('VmHWM') };
}

/** @type {Record<string, number>[]} */
const samples = [];
/** @param {number} epoch */
function sample(epoch) {
  const m = process.memoryUsage();
  const t = /** @type {Record<string, number>} */ (/** @type {unknown} */ (tf.memory()));
  samples.push({
    epoch,
    ...procStatus(),
    heapUsedMB: m.heapUsed / 2 ** 20,
    heapTotalMB: m.heapTotal / 2 ** 20,
    externalMB: m.external / 2 ** 20,
    arrayBuffersMB: m.arrayBuffers / 2 ** 20,
    numTensors: t['numTensors'] ?? NaN,
    numDataBuffers: t['numDataBuffers'] ?? NaN,
    tfBytesMB: (t['numBytes'] ?? NaN) / 2 ** 20,
    libtorchBytesMB: (t['numBytesInLibtorch'] ?? NaN) / 2 ** 20,
    nativeTensors: t['numNativeTensors'] ?? NaN,
  });
}

/** Least-squares slope of y over x. @param {number[]} x @param {number[]} y */
function slope(x, y) {
  const n = x.length;
  const mx = x.reduce((a, b) => a + b, 0) / n;
  const my = y.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (/** @type {number} */ (x[i]) - mx) * (/** @type {number} */ (y[i]) - my);
    sxx += (/** @type {number} */ (x[i]) - mx) ** 2;
  }
  return sxy / sxx;
}

const runDir = await mkdtemp(join(tmpdir(), 'cbloss-soak-'));
try {
  const argv = ['train', '--dataset', args.dataset, '--epochs', args.epochs, '--backend', 'libtorch', '--threads', args.threads,
    '--no-report', '--overwrite', '--out', join(runDir, 'run'), ...positionals];
  const code = await main(argv, {
    stdout: () => {},
    stderr: (text) => {
      for (const line of text.split('\n')) {
        const m = /^epoch (\d+)\/\d+ .* s$/.exec(line.trim());
        if (!m && line.trim() !== '' && !/^epoch \d+\/\d+ /.test(line.trim())) process.stderr.write(`${line}\n`);
        if (m) {
          sample(Number(m[1]));
          const s = /** @type {Record<string, number>} */ (samples[samples.length - 1]);
          process.stderr.write(`${line.trim()}  | rss ${s['rssMB']?.toFixed(1)} MB, heap ${s['heapUsedMB']?.toFixed(1)} MB, tensors ${s['numTensors']}, native ${s['nativeTensors']}\n`);
        }
      }
    },
  });
  if (code !== 0) throw new Error(`bench/soak: cbloss train exited with ${code}`);
} finally {
  await rm(runDir, { recursive: true, force: true });
}
if (args.out) await writeFile(args.out, samples.map((s) => JSON.stringify(s)).join('\n') + '\n');
const settled = samples.filter((s) => /** @type {number} */ (s['epoch']) >= Number(args.settle));
const summary = /** @type {Record<string, unknown>} */ ({ epochs: samples.length });
for (const key of ['rssMB', 'rssAnonMB', 'heapUsedMB', 'externalMB', 'numTensors', 'nativeTensors', 'libtorchBytesMB']) {
  const ys = settled.map((s) => /** @type {number} */ (s[key]));
  if (ys.length < 2) break;
  summary[key] = {
    first: ys[0],
    last: ys[ys.length - 1],
    min: Math.min(...ys),
    max: Math.max(...ys),
    slopePer100Epochs: 100 * slope(settled.map((s) => /** @type {number} */ (s['epoch'])), ys),
  };
}
console.log(JSON.stringify(summary, null, 1));
