#!/usr/bin/env node
// @ts-check
// Parity harness: cbloss's trainer (TF.js) against the same training in PyTorch, step for step.
//
//   node bench/parity/parity.mjs [--backends libtorch,wasm,cpu] [--models cnn,resnet20] [--losses cb-focal-1,...]
//                                [--epochs 4] [--size small|cifar] [--augment] [--perturb NAME] [--keep DIR]
//
// For each backend × model × loss: the TF.js model's initial weights and the exact batch stream go to PyTorch
// (torch_parity.py, /usr/bin/python3), which trains the same network with the same recipe in float64, (1) step by
// step from TF.js's state before each step — the verdict: loss, learning rate and every weight and batch-norm
// statistic after each step (compareSteps.mjs) — and (2) freely for the K steps, to show how far the two runs drift
// (compareRuns.mjs; rounding differences grow at lr 0.1, so this column is information, not a verdict).
// --size cifar: 32x32x3, imbalance factor 100, batches of 128 (slow: PyTorch float64 on one thread).
// --augment: the trainer's pad-4 crop + flip stream (PyTorch gets the augmented pixels).
// --perturb trains PyTorch with a deliberately wrong recipe (a negative control: the cases must then differ).
// Prints a markdown table; exits 1 if a case differs. Case files go to a temporary directory (removed) or --keep DIR.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { useBackend } from './cblossAdapter.mjs';
import { STEP_TOLERANCE } from './compareSteps.mjs';
import { caseSpec, PARITY_LOSSES, PARITY_MODELS, PARITY_SIZES } from './parityCases.mjs';
import { runParityCase } from './runParityCase.mjs';

const BACKENDS = ['libtorch', 'wasm', 'cpu'];
const PERTURBATIONS = ['decay-logits-bias', 'no-warmup', 'bn-momentum', 'focal-gamma', 'ldam-margin', 'tau', 'drw-epoch'];

/** @param {string[]} argv */
function parseArgs(argv) {
  const a = { backends: BACKENDS, models: ['cnn', 'resnet20'], losses: PARITY_LOSSES.map((l) => l.id), epochs: 4, size: 'small', augment: false, perturb: /** @type {string | undefined} */ (undefined), keep: /** @type {string | undefined} */ (undefined) };
  /** @type {(flag: string, values: string[], valid: readonly string[]) => void} */
  const check = (flag, values, valid) => {
    for (const v of values) if (!valid.includes(v)) throw new Error(`parity.mjs: '${flag}' must list ${valid.join(', ')}; got '${v}'.`);
  };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i];
    const v = () => {
      const x = argv[++i];
      if (x === undefined) throw new Error(`parity.mjs: '${k}' must have a value; got none.`);
      return x;
    };
    const list = () => v().split(',').filter(Boolean);
    if (k === '--backends') check(k, (a.backends = list()), BACKENDS);
    else if (k === '--models') check(k, (a.models = list()), PARITY_MODELS);
    else if (k === '--losses') check(k, (a.losses = list()), PARITY_LOSSES.map((l) => l.id));
    else if (k === '--epochs') {
      a.epochs = Number(v());
      if (!Number.isInteger(a.epochs) || a.epochs < 1) throw new Error(`parity.mjs: '--epochs' must be a positive integer; got ${argv[i]}.`);
    } else if (k === '--size') check(k, [(a.size = v())], PARITY_SIZES);
    else if (k === '--augment') a.augment = true;
    else if (k === '--perturb') check(k, [(a.perturb = v())], PERTURBATIONS);
    else if (k === '--keep') a.keep = v();
    else throw new Error(`parity.mjs: unknown option '${k}'; valid: --backends, --models, --losses, --epochs, --size, --augment, --perturb, --keep.`);
  }
  return a;
}

/** @param {number} x */
const sci = (x) => (Number.isFinite(x) ? x.toExponential(1) : String(x));

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const root = args.keep ?? (await mkdtemp(join(os.tmpdir(), 'cbloss-parity-')));
  const t = STEP_TOLERANCE;
  console.log(`Step-by-step tolerances: loss ${t.loss} relative; final layer ${t.logits}, hidden layers ${t.hidden} of each step's change; reference PyTorch float64.`);
  console.log('| backend | model | loss | steps | step: loss gap | step: final layer / all tensors | free run: loss / tensors | result |');
  console.log('|---|---|---|---|---|---|---|---|');
  let failures = 0;
  try {
    for (const backend of args.backends) {
      await useBackend(/** @type {'libtorch' | 'wasm' | 'cpu'} */ (backend));
      for (const model of args.models) {
        for (const id of args.losses) {
          const entry = PARITY_LOSSES.find((l) => l.id === id);
          if (entry === undefined) continue;
          const dir = join(root, `${backend}-${model}-${id}`);
          const spec = caseSpec({ backend, model, loss: entry.loss, sampler: entry.sampler, epochs: args.epochs, augment: args.augment, size: args.size });
          const { steps, free } = await runParityCase(spec, dir, args.perturb ? { perturb: args.perturb } : {});
          if (!steps.ok) failures++;
          console.log(
            `| ${backend} | ${model} | ${id} | ${steps.steps} | ${sci(steps.maxLossGap)} | ${sci(steps.maxLogitsGap)} / ${sci(steps.maxUpdateGap)} | ` +
              `${sci(free.maxLossGap)} / ${sci(free.maxUpdateGap)} | ${steps.ok ? 'parity' : `**differs**: ${steps.message}`} |`,
          );
        }
      }
    }
  } finally {
    if (args.keep === undefined) await rm(root, { recursive: true, force: true });
  }
  if (failures > 0) {
    console.log(`${failures} case(s) differ.`);
    process.exitCode = 1;
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});
