// @ts-check
// Compares two free runs of one case (TF.js and PyTorch, each from the same initial weights on the same batches): the
// learning rate and loss of every step, the initial-model checks, then every weight and batch-norm statistic after
// the last step; reports the first step and the first tensor (in model order) outside tolerance. Rounding
// differences grow along a free run at lr 0.1 (a ReLU whose input is within rounding of 0 switches on one side
// only), so parity.mjs shows this as the drift after K steps; the verdict is the step-by-step compareSteps.mjs.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Tolerances of a free run (see bench/parity/README.md):
 * - `lr`: both sides evaluate the schedule in float64: equal to rounding.
 * - `loss`: relative difference of the step's float32 loss. Two float32 implementations that sum in different
 *   orders start ~1e-7 apart and the gap grows with every step (momentum SGD at lr 0.1 amplifies it).
 * - `update`: per tensor, max |a − b| over the elements, divided by the largest change PyTorch made to that tensor
 *   over the run (max |b_K − b_0|): the fraction of the training signal that disagrees. Scale-free, so it is as
 *   strict for a batch-norm β that moved by 1e-3 as for a kernel that moved by 1.
 * - frozen kernels (the option-A shortcut kernels: not trainable) must be bit-identical to their initial values.
 */
export const DEFAULT_TOLERANCE = Object.freeze({ lr: 1e-12, loss: 1e-4, update: 1e-3 });

/** @param {string} path */
async function f32(path) {
  const b = await readFile(path);
  return new Float32Array(b.buffer, b.byteOffset, b.byteLength / 4);
}

/**
 * @param {Float32Array} all
 * @param {{ offset: number, shape: number[] }} w
 */
function slice(all, w) {
  return all.subarray(w.offset, w.offset + w.shape.reduce((a, b) => a * b, 1));
}

/**
 * @typedef {{ step: number, tfjs: number, torch: number, relative: number }} StepGap
 * @typedef {{ name: string, maxAbs: number, moved: number, relative: number }} TensorGap
 * @typedef {{
 *   ok: boolean, steps: number, maxLossGap: number, maxUpdateGap: number, worstTensor: string,
 *   firstLossDivergence?: StepGap, firstLrDivergence?: StepGap, firstTensorDivergence?: TensorGap,
 *   failedChecks: string[], tensors: TensorGap[], besselGap: number, message: string
 * }} Comparison
 */

/**
 * Compares two runs written in `dir` (case.json, init.bin and `<stem>.json` / `<stem>.bin` of each).
 * @param {string} dir
 * @param {{ lr: number, loss: number, update: number }} [tolerance]
 * @param {{ run?: string, reference?: string }} [stems] default: `tfjs` against `torch-float64`
 * @returns {Promise<Comparison>}
 */
export async function compareRuns(dir, tolerance = DEFAULT_TOLERANCE, stems = {}) {
  const run = stems.run ?? 'tfjs';
  const reference = stems.reference ?? 'torch-float64';
  const A = run === 'tfjs' ? 'TF.js' : run;
  const B = reference.startsWith('torch-') ? `PyTorch ${reference.slice('torch-'.length)}` : reference;
  const read = async (/** @type {string} */ f) => JSON.parse(await readFile(join(dir, f), 'utf8'));
  const [spec, a, b] = await Promise.all([read('case.json'), read(`${run}.json`), read(`${reference}.json`)]);
  const [init, wa, wb] = await Promise.all([f32(join(dir, 'init.bin')), f32(join(dir, `${run}.bin`)), f32(join(dir, `${reference}.bin`))]);
  const problems = [];
  const failedChecks = b.checks.filter((/** @type {any} */ c) => !c.ok).map((/** @type {any} */ c) => `${c.name}: ${c.detail}`);
  problems.push(...failedChecks);
  if (a.losses.length !== b.losses.length) problems.push(`step count: ${A} ran ${a.losses.length} steps, ${B} ${b.losses.length}`);

  /** @type {(x: number[], y: number[], tol: number, floor: number) => StepGap | undefined} */
  const firstGap = (x, y, tol, floor) => {
    for (let i = 0; i < Math.min(x.length, y.length); i++) {
      const relative = Math.abs(x[i] - y[i]) / Math.max(Math.abs(y[i]), floor);
      if (!(relative <= tol)) return { step: i, tfjs: x[i], torch: y[i], relative };
    }
    return undefined;
  };
  const firstLrDivergence = firstGap(a.learningRates, b.learningRates, tolerance.lr, 1e-30);
  const firstLossDivergence = firstGap(a.losses, b.losses, tolerance.loss, 1e-3);
  let maxLossGap = 0;
  a.losses.forEach((/** @type {number} */ l, /** @type {number} */ i) => {
    maxLossGap = Math.max(maxLossGap, Math.abs(l - b.losses[i]) / Math.max(Math.abs(b.losses[i]), 1e-3));
  });
  if (firstLrDivergence) problems.push(`learning rate differs first at step ${firstLrDivergence.step}: ${A} ${firstLrDivergence.tfjs}, ${B} ${firstLrDivergence.torch}`);
  if (firstLossDivergence) {
    const g = firstLossDivergence;
    problems.push(`loss differs first at step ${g.step}: ${A} ${g.tfjs}, ${B} ${g.torch} (relative ${g.relative.toExponential(2)} > ${tolerance.loss})`);
  }

  /** @type {TensorGap[]} */
  const tensors = [];
  /** @type {TensorGap | undefined} */
  let firstTensorDivergence;
  const byName = new Map(b.weights.map((/** @type {any} */ w) => [w.name, w]));
  for (const w of a.weights) {
    const other = byName.get(w.name);
    if (other === undefined) {
      problems.push(`tensor ${w.name} is missing from the ${B} run`);
      continue;
    }
    const initial = spec.weights.find((/** @type {any} */ s) => s.name === w.name);
    const start = slice(init, initial);
    const x = slice(wa, w);
    const y = slice(wb, other);
    let maxAbs = 0;
    let moved = 0;
    for (let i = 0; i < x.length; i++) {
      const d = Math.abs(x[i] - y[i]);
      maxAbs = Number.isNaN(d) ? Infinity : Math.max(maxAbs, d);
      moved = Math.max(moved, Math.abs(y[i] - start[i]));
    }
    // a frozen kernel (the option-A shortcut's); a case written before the manifest had `trainable` goes by the name
    const frozen = w.name.endsWith('/kernel') && (initial.trainable === undefined ? w.name.endsWith('_shortcut/kernel') : initial.trainable === false);
    const relative = frozen ? (maxAbs === 0 && moved === 0 ? 0 : Infinity) : maxAbs / Math.max(moved, 1e-30);
    const gap = { name: w.name, maxAbs, moved, relative };
    tensors.push(gap);
    if (!(relative <= tolerance.update) && firstTensorDivergence === undefined) firstTensorDivergence = gap;
  }
  if (firstTensorDivergence) {
    const g = firstTensorDivergence;
    problems.push(
      `after ${a.losses.length} steps the first tensor that differs is ${g.name}: max |${A} − ${B}| ${g.maxAbs.toExponential(2)}, ` +
        `${g.relative.toExponential(2)} of its largest change ${g.moved.toExponential(2)} (> ${tolerance.update})`,
    );
  }
  const worst = tensors.reduce((m, t) => (t.relative > m.relative ? t : m), { name: '', maxAbs: 0, moved: 0, relative: 0 });
  const besselGap = Math.max(0, ...b.runningVarBesselGap.map((/** @type {any} */ g) => g.maxAbsGap));
  return {
    ok: problems.length === 0,
    steps: a.losses.length,
    maxLossGap,
    maxUpdateGap: worst.relative,
    worstTensor: worst.name,
    ...(firstLossDivergence ? { firstLossDivergence } : {}),
    ...(firstLrDivergence ? { firstLrDivergence } : {}),
    ...(firstTensorDivergence ? { firstTensorDivergence } : {}),
    failedChecks,
    tensors,
    besselGap,
    message: problems.length === 0 ? 'parity' : problems.join('; '),
  };
}
