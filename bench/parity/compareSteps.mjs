// @ts-check
// The step-by-step (teacher-forced) comparison: PyTorch started every step from TF.js's state before it
// (torch_parity.py --forced), so each step is compared on its own, without the divergence that rounding differences
// accumulate over a free run (see compareRuns.mjs for that one).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Tolerances of the step-by-step comparison (measured and justified in bench/parity/README.md):
 * - `lr`: both sides evaluate the schedule in float64.
 * - `loss`: relative, per step: both sides evaluate the loss at the same weights on the same batch (seen: ≤ 4e-7).
 * - `logits`, `hidden`: per step and tensor, max |a − b| over the elements divided by the largest change the
 *   reference made to that tensor in that step, or 2^-12 of the tensor's magnitude if that is larger: both sides
 *   round the new weight to float32, which alone can put them one ulp (2^-23 of the magnitude) apart, i.e. 2^-11
 *   ≈ 4.9e-4 of that floor — under the final layer's tolerance; the steps at learning rate 1e-5 are smaller. The final layer has
 *   nothing non-smooth between it and the loss (seen: ≤ 7e-5). Hidden layers sit under ReLUs: a pre-activation
 *   within float32 rounding of 0 (seen: 1e-9 on one backend, ≤ 0 on another) flips its unit, and the step of that
 *   layer's kernel differs by up to ~1.5e-2 between any two float32 implementations.
 */
export const STEP_TOLERANCE = Object.freeze({ lr: 1e-12, loss: 1e-5, logits: 1e-3, hidden: 5e-2 });

/** The smallest change a step is measured against, relative to the tensor's largest magnitude. */
const STEP_FLOOR = 2 ** -12;

/** @param {string} path */
async function f32(path) {
  const b = await readFile(path);
  return new Float32Array(b.buffer, b.byteOffset, b.byteLength / 4);
}

/**
 * @typedef {{ step: number, name: string, maxAbs: number, moved: number, relative: number }} StepTensorGap
 * @typedef {{ ok: boolean, steps: number, maxLossGap: number, maxUpdateGap: number, maxLogitsGap: number, worst: StepTensorGap | undefined,
 *   firstDivergence?: { step: number, what: string }, message: string }} StepComparison
 */

/**
 * @param {string} dir a case directory holding case.json, init.bin, tfjs.json, tfjs-steps.bin and the reference
 * @param {{ lr: number, loss: number, logits: number, hidden: number }} [tolerance]
 * @param {string} [reference] default `torch-float64-forced`
 * @returns {Promise<StepComparison>}
 */
export async function compareSteps(dir, tolerance = STEP_TOLERANCE, reference = 'torch-float64-forced') {
  const read = async (/** @type {string} */ f) => JSON.parse(await readFile(join(dir, f), 'utf8'));
  const [spec, a, b] = await Promise.all([read('case.json'), read('tfjs.json'), read(`${reference}.json`)]);
  const [init, sa, sb] = await Promise.all([f32(join(dir, 'init.bin')), f32(join(dir, 'tfjs-steps.bin')), f32(join(dir, `${reference}.bin`))]);
  const size = init.length;
  const steps = Math.min(a.losses.length, b.losses.length);
  const B = reference.startsWith('torch-') ? `PyTorch ${reference.slice('torch-'.length)}` : reference;
  let maxLossGap = 0;
  let maxUpdateGap = 0;
  let maxLogitsGap = 0;
  /** @type {StepTensorGap | undefined} */
  let worst;
  /** @type {{ step: number, what: string } | undefined} */
  let firstDivergence;
  const diverge = (/** @type {number} */ step, /** @type {string} */ what) => {
    if (firstDivergence === undefined || step < firstDivergence.step) firstDivergence = { step, what };
  };
  // the initial model as the recipe states it (prior bias, option-A shortcut kernels), checked by torch_parity.py
  for (const c of b.checks) if (!c.ok) diverge(0, `initial model: ${c.name}: ${c.detail}`);
  if (a.losses.length !== b.losses.length) diverge(steps, `step count: TF.js ran ${a.losses.length} steps, ${B} ${b.losses.length}`);
  for (let k = 0; k < steps; k++) {
    const lrGap = Math.abs(a.learningRates[k] - b.learningRates[k]) / Math.max(Math.abs(b.learningRates[k]), 1e-30);
    if (!(lrGap <= tolerance.lr)) diverge(k, `learning rate: TF.js ${a.learningRates[k]}, ${B} ${b.learningRates[k]}`);
    const lossGap = Math.abs(a.losses[k] - b.losses[k]) / Math.max(Math.abs(b.losses[k]), 1e-3);
    maxLossGap = Math.max(maxLossGap, Number.isNaN(lossGap) ? Infinity : lossGap);
    if (!(lossGap <= tolerance.loss)) diverge(k, `loss: TF.js ${a.losses[k]}, ${B} ${b.losses[k]} (relative ${lossGap.toExponential(2)} > ${tolerance.loss})`);
    const before = k === 0 ? init : sa.subarray((k - 1) * size, k * size);
    const x = sa.subarray(k * size, (k + 1) * size);
    const y = sb.subarray(k * size, (k + 1) * size);
    for (const w of spec.weights) {
      const n = w.shape.reduce((p, q) => p * q, 1);
      let maxAbs = 0;
      let moved = 0;
      let magnitude = 0;
      for (let i = w.offset; i < w.offset + n; i++) {
        const d = Math.abs(x[i] - y[i]);
        maxAbs = Number.isNaN(d) ? Infinity : Math.max(maxAbs, d);
        moved = Math.max(moved, Math.abs(y[i] - before[i]));
        magnitude = Math.max(magnitude, Math.abs(before[i]));
      }
      const scale = Math.max(moved, STEP_FLOOR * magnitude);
      const relative = scale === 0 ? (maxAbs === 0 ? 0 : Infinity) : maxAbs / scale;
      const allowed = w.name.startsWith('logits/') ? tolerance.logits : tolerance.hidden;
      if (w.name.startsWith('logits/')) maxLogitsGap = Math.max(maxLogitsGap, relative);
      if (relative > maxUpdateGap || worst === undefined) {
        maxUpdateGap = Math.max(maxUpdateGap, relative);
        if (relative >= (worst?.relative ?? 0)) worst = { step: k, name: w.name, maxAbs, moved, relative };
      }
      if (!(relative <= allowed)) {
        diverge(k, `${w.name}: max |TF.js − ${B}| ${maxAbs.toExponential(2)}, ${relative.toExponential(2)} of the step's largest change ${scale.toExponential(2)} (> ${allowed})`);
        break;
      }
    }
  }
  return {
    ok: firstDivergence === undefined,
    steps,
    maxLossGap,
    maxUpdateGap,
    maxLogitsGap,
    worst,
    ...(firstDivergence ? { firstDivergence } : {}),
    message: firstDivergence === undefined ? 'parity' : `first difference at step ${firstDivergence.step}: ${firstDivergence.what}`,
  };
}
