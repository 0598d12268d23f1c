// The data-parallel trainer (trainModel's `distributed`) in real processes on loopback: trainRank.mjs trains a tiny
// MLP without batch norm (seeded tabular data, 91 samples, batches of 16 whose last one splits 5 / 6 over two ranks)
// with SGD + momentum + weight decay, on the cpu backend; rank 1 even builds a different initial model. Every test
// kills its processes at the end.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { built, distributedAvailable, maxDifference, runTrainRanks, type RankReport } from './ranks.js';

const root = mkdtempSync(join(tmpdir(), 'cbloss-dp-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

// Two ranks sum float32 gradients weighted by their shares where one process sums the batch at once: the same
// arithmetic up to float32 rounding (measured on cpu: 1.2e-7 after 12 steps, against 1.0 for a run with batches of 8).
// Weights are O(0.1–1).
const TOLERANCE = 1e-5;

function results(reports: RankReport[]): RankReport[] {
  for (const r of reports) expect(r.type, r.message).not.toBe('error');
  return reports;
}

const SCENARIO = { batchSize: 16, epochs: 2 };
const referenceRuns = new Map<string, Promise<RankReport>>();
/** One process with the whole batch on `backend`, run once per backend and shared by the tests. */
function alone(backend: string): Promise<RankReport> {
  let run = referenceRuns.get(backend);
  if (run === undefined) {
    run = runTrainRanks({ ...SCENARIO, backend }, 1).then((reports) => results(reports)[0]!);
    referenceRuns.set(backend, run);
  }
  return run;
}

describe.skipIf(!built || !(await distributedAvailable()))('data-parallel trainModel on two processes (needs the built dist/)', () => {
  it.each(['cpu', 'libtorch'])('%s: 2 ranks × half of each global batch reach the weights of 1 process with the whole batch (12 steps, within 1e-5); every rank ends equal, leak-free', async (backend) => {
    const reference = await alone(backend);
    const ranks = results(await runTrainRanks({ ...SCENARIO, backend }, 2));
    expect(reference.steps).toBe(12);
    for (const r of ranks) {
      expect(r.type).toBe('result');
      expect(r.steps).toBe(12);
      expect(r.leaked).toBe(0);
      expect(maxDifference(r.weights, reference.weights)).toBeLessThan(TOLERANCE);
      // The epoch's loss is the global batch's (Σ_r share·loss_r), as one process logs it.
      r.losses!.forEach((loss, e) => expect(loss).toBeCloseTo(reference.losses![e]!, 5));
    }
    expect(maxDifference(ranks[0]!.weights, ranks[1]!.weights)).toBe(0);
    if (backend === 'cpu') {
      // Control: another batch size lands far beyond the tolerance (training moved the weights).
      const halfBatch = results(await runTrainRanks({ ...SCENARIO, backend, batchSize: 8 }, 1))[0]!;
      expect(maxDifference(reference.weights, halfBatch.weights)).toBeGreaterThan(1000 * TOLERANCE);
    }
  }, 120_000);

  it('gradient accumulation: 2 ranks with micro-batches of 4 (each rank’s 8 of a batch of 16 in 2 micro-batches; 5 / 6 in the last) reach the weights of 1 process with whole batches (within 1e-5)', async () => {
    const reference = await alone('cpu');
    for (const r of results(await runTrainRanks({ ...SCENARIO, backend: 'cpu', accumulate: 4 }, 2))) {
      expect(r.steps).toBe(12);
      expect(r.leaked).toBe(0);
      expect(maxDifference(r.weights, reference.weights)).toBeLessThan(TOLERANCE);
      r.losses!.forEach((loss, e) => expect(loss).toBeCloseTo(reference.losses![e]!, 5));
    }
  }, 120_000);

  it('a rank with no samples in a step (3 ranks, batches of 15: the last holds 1) takes part with zeros; 3 ranks reach the weights of 1 process', async () => {
    const scenario = { ...SCENARIO, backend: 'cpu', batchSize: 15 };
    const [single] = results(await runTrainRanks(scenario, 1));
    const ranks = results(await runTrainRanks(scenario, 3));
    expect(single!.steps).toBe(14); // 7 steps per epoch: 6 × 15 + 1
    for (const r of ranks) {
      expect(r.steps).toBe(14);
      expect(r.leaked).toBe(0);
      expect(maxDifference(r.weights, single!.weights)).toBeLessThan(TOLERANCE);
    }
  }, 120_000);

  it('with batch norm, each rank normalises with its own batch statistics (DDP without SyncBN): the trained weights stay equal on every rank, the moving statistics differ, and neither equals 1 process', async () => {
    const scenario = { ...SCENARIO, backend: 'cpu', batchNorm: true };
    const [single] = results(await runTrainRanks(scenario, 1));
    const [rank0, rank1] = results(await runTrainRanks(scenario, 2));
    const pick = (r: RankReport, trainable: boolean): number[][] => r.weights.filter((_, i) => r.trainable![i] === trainable);
    expect(pick(rank0!, false)).toHaveLength(2); // moving mean and variance
    expect(maxDifference(pick(rank0!, true), pick(rank1!, true))).toBe(0);
    expect(maxDifference(pick(rank0!, false), pick(rank1!, false))).toBeGreaterThan(1e-3);
    expect(maxDifference(pick(rank0!, true), pick(single!, true))).toBeGreaterThan(1e-3);
  }, 120_000);

  it('Ctrl-C on rank 0 alone stops both ranks at the same step; the checkpoint (global epoch/batch) resumes in 1 process, and 1 process resumes in 2, to the uninterrupted weights', async () => {
    const scenario = { ...SCENARIO, backend: 'cpu' };
    const reference = await alone('cpu');

    const fromTwo = join(root, 'from-two');
    const stopped = results(await runTrainRanks({ ...scenario, stopAfterStep: 3, checkpointDir: fromTwo }, 2));
    for (const r of stopped) {
      expect(r.type).toBe('interrupted');
      // Rank 0 was aborted after step 3; the ranks agree with step 4's exchange and stop after it.
      expect([r.epoch, r.batch, r.steps]).toEqual([0, 4, 4]);
    }
    const [resumedAlone] = results(await runTrainRanks({ ...scenario, checkpointDir: fromTwo, resume: true }, 1));
    expect(resumedAlone!.steps).toBe(8);
    expect(maxDifference(resumedAlone!.weights, reference.weights)).toBeLessThan(TOLERANCE);

    const fromOne = join(root, 'from-one');
    const [stoppedAlone] = results(await runTrainRanks({ ...scenario, stopAfterStep: 7, checkpointDir: fromOne }, 1));
    expect([stoppedAlone!.type, stoppedAlone!.epoch, stoppedAlone!.batch]).toEqual(['interrupted', 1, 1]);
    for (const r of results(await runTrainRanks({ ...scenario, checkpointDir: fromOne, resume: true }, 2))) {
      expect(r.steps).toBe(5);
      expect(maxDifference(r.weights, reference.weights)).toBeLessThan(TOLERANCE);
    }
  }, 180_000);
});
