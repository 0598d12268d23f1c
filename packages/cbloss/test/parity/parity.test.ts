// Step-for-step parity of cbloss's trainer with PyTorch (bench/parity, README "Parity with PyTorch"): the TF.js
// model's initial weights and batch stream go to Debian's python3-torch, which trains the same network with the
// same recipe in float64 from TF.js's state before every step; every step's loss, learning rate, weights and
// batch-norm statistics must agree within the harness's stated tolerances. The negative controls train PyTorch with
// a deliberately wrong recipe and check that the harness names the first step and tensor that differ.
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error -- plain ESM JavaScript of the bench harness, no type declarations
import { useBackend } from '../../../../bench/parity/cblossAdapter.mjs';
// @ts-expect-error -- idem
import { compareSteps } from '../../../../bench/parity/compareSteps.mjs';
// @ts-expect-error -- idem
import { caseSpec, PARITY_LOSSES } from '../../../../bench/parity/parityCases.mjs';
// @ts-expect-error -- idem
import { PYTHON, runTorchCase } from '../../../../bench/parity/runParityCase.mjs';
// @ts-expect-error -- idem
import { runTfjsCase } from '../../../../bench/parity/tfjsCase.mjs';

interface StepComparison {
  ok: boolean;
  steps: number;
  maxLossGap: number;
  firstDivergence?: { step: number; what: string };
  message: string;
}

let root: string;
beforeAll(async () => {
  // CI installs python3-torch (scripts/setup): a missing interpreter is a failure, not a skip.
  expect(existsSync(PYTHON), `${PYTHON} (Debian python3-torch) must be installed for the parity tests`).toBe(true);
  root = await mkdtemp(join(tmpdir(), 'cbloss-parity-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

function caseOf(id: string): { loss: unknown; sampler?: string } {
  const found = (PARITY_LOSSES as { id: string; loss: unknown; sampler?: string }[]).find((l) => l.id === id);
  if (found === undefined) throw new Error(`no parity loss '${id}'`);
  return found;
}

/** TF.js on `backend`, then PyTorch step by step (optionally with a wrong recipe); the step-by-step verdict. */
async function stepParity(backend: string, model: string, id: string, perturbs: readonly string[] = []): Promise<StepComparison[]> {
  await useBackend(backend);
  const dir = join(root, `${backend}-${model}-${id}`);
  const { loss, sampler } = caseOf(id);
  await runTfjsCase(caseSpec({ backend, model, loss, sampler }), dir);
  const results: StepComparison[] = [];
  for (const perturb of [undefined, ...perturbs]) {
    const stem = runTorchCase(dir, { forced: true, ...(perturb ? { perturb } : {}) });
    results.push(await compareSteps(dir, undefined, stem));
  }
  return results;
}

describe('parity with PyTorch, step by step', () => {
  it.each([
    ['libtorch', 'cnn', 'cb-sigmoid'],
    ['libtorch', 'cnn', 'cb-focal-0.5'],
    ['wasm', 'cnn', 'cb-softmax'],
    ['cpu', 'cnn', 'cb-focal-1'],
  ])('%s %s %s: every step agrees', async (backend, model, id) => {
    const [result] = await stepParity(backend, model, id);
    expect(result!.message).toBe('parity');
    expect(result!.steps).toBe(8);
  });

  it('libtorch resnet20 CB focal (β 0.9999, γ 1) agrees; a wrong weight-decay or batch-norm rule is caught at its tensor', async () => {
    const [right, decayBias, bnMomentum] = await stepParity('libtorch', 'resnet20', 'cb-focal-1', ['decay-logits-bias', 'bn-momentum']);
    expect(right!.message).toBe('parity');
    // weight decay on the final bias, which the recipe leaves out for sigmoid/focal (to keep the prior)
    expect(decayBias!.ok).toBe(false);
    expect(decayBias!.firstDivergence!.what).toMatch(/^logits\/bias: /);
    // batch-norm momentum 0.99 instead of 0.9: the first moving mean, after the first step
    expect(bnMomentum!.firstDivergence).toMatchObject({ step: 0 });
    // (the fused ConvBatchNorm layer conv1 holds its batch norm's moving mean: conv1/moving_mean, formerly conv1_bn/moving_mean)
    expect(bnMomentum!.firstDivergence!.what).toMatch(/^conv1\/moving_mean: /);
  });

  it('libtorch cnn focal (γ 2) agrees; a missing warm-up or a wrong γ is caught at the first step', async () => {
    const [right, noWarmup, gamma] = await stepParity('libtorch', 'cnn', 'focal-2', ['no-warmup', 'focal-gamma']);
    expect(right!.message).toBe('parity');
    expect(noWarmup!.firstDivergence).toMatchObject({ step: 0 });
    expect(noWarmup!.firstDivergence!.what).toMatch(/^learning rate: TF\.js 0\.0625, /);
    // γ 2.05 instead of 2: the loss of the first step
    expect(gamma!.firstDivergence).toMatchObject({ step: 0 });
    expect(gamma!.firstDivergence!.what).toMatch(/^loss: /);
  });

  // The registry's newer methods against their authors' formulations (torch_parity.py): LDAM on the cosine
  // classifier, deferred re-weighting across its switch (epoch 2 of 4: step 4), logit adjustment, balanced softmax,
  // and the class-balanced sampler's batches.
  it.each([
    ['libtorch', 'cnn', 'cb-softmax-drw'],
    ['libtorch', 'cnn', 'cb-logit-adjusted-1.5'],
    ['libtorch', 'cnn', 'balanced-softmax'],
    ['libtorch', 'cnn', 'softmax-cb-sampler'],
    ['cpu', 'cnn', 'ldam'],
  ])('%s %s %s: every step agrees', async (backend, model, id) => {
    const [result] = await stepParity(backend, model, id);
    expect(result!.message).toBe('parity');
    expect(result!.steps).toBe(8);
  });

  it('libtorch resnet20 LDAM-DRW agrees; a wrong margin is caught at the first step, a late DRW switch at the switch', async () => {
    const [right, margin, drw] = await stepParity('libtorch', 'resnet20', 'ldam-drw', ['ldam-margin', 'drw-epoch']);
    expect(right!.message).toBe('parity');
    // largest margin 0.55 instead of 0.5: the loss of step 0
    expect(margin!.firstDivergence).toMatchObject({ step: 0 });
    expect(margin!.firstDivergence!.what).toMatch(/^loss: /);
    // the class-balanced weights switched on at epoch 3 instead of 2: agreement up to step 3, then the loss of step 4
    expect(drw!.firstDivergence).toMatchObject({ step: 4 });
    expect(drw!.firstDivergence!.what).toMatch(/^loss: /);
  });

  it('libtorch cnn logit-adjusted (τ 1.5) agrees; τ + 0.1 is caught at the first step', async () => {
    const [right, tau] = await stepParity('libtorch', 'cnn', 'logit-adjusted-1.5', ['tau']);
    expect(right!.message).toBe('parity');
    expect(tau!.firstDivergence).toMatchObject({ step: 0 });
    expect(tau!.firstDivergence!.what).toMatch(/^loss: /);
  });
});
