#!/usr/bin/env node
// The loss benchmark side by side: PyTorch (torch_bench.py) and the libtorch backend (bench.mjs) alternate for
// --rounds rounds (default 5), each round a fresh child process per engine, one after the other (never at the
// same time), so that a slow spell of a shared machine hits both. Prints the medians over the rounds with
// [min–max] and the ratio PyTorch / libtorch of the medians (> 1: the libtorch backend is faster).
//
//   npm run build && node bench/loss/compare.mjs [--rounds 5] [--classes 8142] [--threads 2] [--clock wall|cpu] [--with-one-hot]
//
// Both sides use integer class-id labels [B] (PyTorch builds the dense target of its BCE once, untimed) and the
// same long-tailed counts, beta = 0.999, gamma = 1. --with-one-hot adds a third run per round: the libtorch
// backend given the one-hot rows [B, C] of the same labels (the losses' dense kernels). OMP_WAIT_POLICY=PASSIVE unless set (with the default spin-waits,
// 2 threads on a busy 2-core machine wait for descheduled threads). --clock cpu times each call by the process's CPU
// time instead of the wall clock (with --threads 1: the work each engine does, much less disturbed by other load).
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const TYPES = ['softmax', 'sigmoid', 'focal'];

function parseArgs(argv) {
  const a = { rounds: 5, classes: '8142', threads: os.availableParallelism(), withOneHot: false, clock: 'wall' };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i];
    if (k === '--with-one-hot') {
      a.withOneHot = true;
      continue;
    }
    const v = argv[++i];
    if (k === '--rounds') a.rounds = Number(v);
    else if (k === '--classes') a.classes = v ?? '';
    else if (k === '--threads') a.threads = Number(v);
    else if (k === '--clock') a.clock = v;
    else throw new Error(`compare.mjs: unknown option '${k}'; valid: --rounds, --classes, --threads, --clock, --with-one-hot.`);
  }
  if (!Number.isInteger(a.rounds) || a.rounds < 1) throw new Error(`compare.mjs: '--rounds' must be a positive integer; got ${a.rounds}.`);
  if (!Number.isInteger(a.threads) || a.threads < 1) throw new Error(`compare.mjs: '--threads' must be a positive integer; got ${a.threads}.`);
  if (a.clock !== 'wall' && a.clock !== 'cpu') throw new Error(`compare.mjs: '--clock' must be one of wall, cpu; got '${a.clock}'.`);
  return a;
}

/** Runs one benchmark child with --json and returns its rows; exits with its stderr when it fails or skips. */
function runJson(cmd, args, env) {
  const r = spawnSync(cmd, [...args, '--json'], { encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 16 << 20 });
  const start = (r.stdout ?? '').indexOf('[');
  if (r.status !== 0 || start < 0) {
    console.error(`compare.mjs: ${path.basename(args[0] ?? cmd)} failed (exit ${r.status}):\n${(r.stdout ?? '') + (r.stderr ?? '')}`);
    process.exit(1);
  }
  return JSON.parse(r.stdout.slice(start));
}

function median(values) {
  const s = [...values].sort((p, q) => p - q);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

const ms = (v) => (v >= 10 ? v.toFixed(1) : v.toFixed(2));

function main() {
  const a = parseArgs(process.argv.slice(2));
  const env = { OMP_NUM_THREADS: String(a.threads), OMP_WAIT_POLICY: process.env.OMP_WAIT_POLICY ?? 'PASSIVE' };
  const loadBefore = os.loadavg().map((l) => l.toFixed(1)).join(' ');
  const samples = new Map(); // `${engine} ${classes} ${type}` -> ms per round
  for (let round = 1; round <= a.rounds; round++) {
    process.stderr.write(`round ${round}/${a.rounds}: pytorch, libtorch${a.withOneHot ? ', libtorch with one-hot labels' : ''}\n`);
    const ours = (labels) =>
      runJson(process.execPath, [path.join(HERE, 'bench.mjs'), '--backend', 'libtorch', '--classes', a.classes, '--threads', String(a.threads), '--labels', labels, '--clock', a.clock], env);
    const runs = [['pytorch', runJson('/usr/bin/python3', [path.join(HERE, 'torch_bench.py'), '--classes', a.classes, '--threads', String(a.threads), '--clock', a.clock], env)]];
    runs.push(['libtorch', ours('ids')]);
    if (a.withOneHot) runs.push(['one-hot', ours('one-hot')]);
    for (const [engine, rows] of runs) {
      for (const r of rows) {
        const key = `${engine} ${r.classes} ${r.type}`;
        samples.set(key, [...(samples.get(key) ?? []), r.msPerCall]);
      }
    }
  }
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  console.log(`Machine: ${cpu}, ${os.cpus().length} logical cores; ${a.threads} threads for both engines, ${env.OMP_WAIT_POLICY} OpenMP waits; Node ${process.version}`);
  console.log(`Load average (1, 5, 15 min) before: ${loadBefore}; after: ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  console.log(`Forward + backward of the class-balanced loss, B = 256, integer class-id labels; median ${a.clock === 'cpu' ? 'CPU' : 'wall-clock'} ms per call over ${a.rounds} alternating rounds [min–max]\n`);
  const oneHotHeader = a.withOneHot ? ' libtorch, one-hot labels | PyTorch / that |' : '';
  console.log(`| C | loss | PyTorch | libtorch backend | PyTorch / libtorch |${oneHotHeader}`);
  console.log(`|---|---|---|---|---|${a.withOneHot ? '---|---|' : ''}`);
  for (const c of a.classes.split(',')) {
    for (const type of TYPES) {
      const t = samples.get(`pytorch ${c} ${type}`) ?? [];
      const l = samples.get(`libtorch ${c} ${type}`) ?? [];
      if (t.length === 0 || l.length === 0) continue;
      const range = (v) => `${ms(median(v))} [${ms(Math.min(...v))}–${ms(Math.max(...v))}]`;
      const h = samples.get(`one-hot ${c} ${type}`) ?? [];
      const oneHot = h.length === 0 ? '' : ` ${range(h)} | ${(median(t) / median(h)).toFixed(2)}× |`;
      console.log(`| ${c} | ${type} | ${range(t)} | ${range(l)} | ${(median(t) / median(l)).toFixed(2)}× |${oneHot}`);
    }
  }
}

main();
