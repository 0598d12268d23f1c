// @ts-check
// One parity case end to end: TF.js trains on the active backend and writes the case, PyTorch (Debian's
// python3-torch, /usr/bin/python3) trains the same network from the same weights on the same batches, then the two
// runs are compared. Used by parity.mjs and by the parity tests.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compareRuns } from './compareRuns.mjs';
import { compareSteps } from './compareSteps.mjs';
import { runTfjsCase } from './tfjsCase.mjs';

/** The PyTorch peer: Debian's python3-torch, never whatever `python3` is first on the PATH. */
export const PYTHON = '/usr/bin/python3';
const SCRIPT = join(dirname(fileURLToPath(import.meta.url)), 'torch_parity.py');

/** The paper's recipe (arXiv:1901.05555 §5.1) on a run short enough to cross the warm-up and both milestones. */
export const RECIPE = Object.freeze({ learningRate: 0.1, momentum: 0.9, weightDecay: 2e-4, warmupEpochs: 5 });

/**
 * Runs PyTorch on a case directory written by `runTfjsCase`; writes `torch-<dtype>[-forced][-<perturb>].json/bin`
 * there and returns that stem.
 * @param {string} dir
 * @param {{ dtype?: 'float64' | 'float32', forced?: boolean, perturb?: string }} [o] float64 by default (the
 *   reference); `forced`: every step starts from TF.js's state; `perturb`: a negative control of torch_parity.py
 */
export function runTorchCase(dir, o = {}) {
  const { dtype = 'float64', forced = false, perturb } = o;
  if (!existsSync(PYTHON)) {
    throw new Error(`parity: '${PYTHON}' must exist (Debian python3-torch: apt-get install python3-torch); got no such file.`);
  }
  const r = spawnSync(PYTHON, [SCRIPT, dir, '--dtype', dtype, ...(forced ? ['--forced'] : []), ...(perturb ? ['--perturb', perturb] : [])], { encoding: 'utf8', env: { ...process.env, OMP_NUM_THREADS: '1' } });
  if (r.status !== 0) {
    const why = r.error?.message ?? (r.stderr ?? '').trim().split('\n').slice(-6).join('\n');
    throw new Error(`parity: ${PYTHON} ${SCRIPT} must succeed; got exit ${r.status}:\n${why}`);
  }
  return `torch-${dtype}${forced ? '-forced' : ''}${perturb ? `-${perturb}` : ''}`;
}

/**
 * Trains the case in TF.js (active backend), then in PyTorch float64 twice: step by step from TF.js's states (the
 * verdict: `steps`) and free-running from the same start (`free`: how far the two runs drift apart in K steps).
 * @param {import('./tfjsCase.mjs').CaseSpec} spec
 * @param {string} dir where the case files go
 * @param {{ perturb?: string }} [o] `perturb`: train PyTorch with a deliberately wrong recipe (a negative control)
 */
export async function runParityCase(spec, dir, o = {}) {
  await runTfjsCase(spec, dir);
  const extra = o.perturb ? { perturb: o.perturb } : {};
  const forced = runTorchCase(dir, { forced: true, ...extra });
  const free = runTorchCase(dir, extra);
  return { steps: await compareSteps(dir, undefined, forced), free: await compareRuns(dir, undefined, { reference: free }) };
}
