// The data-parallel trainer (trainModel's `distributed`) in real processes on loopback: trainRank.mjs trains a tiny
// MLP without batch norm (seeded tabular data, 91 samples, batches of 16 whose last one splits 5 / 6 over two ranks)
// with SGD + momentum + weight decay, on the cpu backend; rank 1 even builds a different initial model. Every test
// kills its processes at the end.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sampleEpoch } from 'class-balanced-loss/core';
import { jpegSplit, sampleJpegs } from '../data/stream/jpegFixtures.js';
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

// The same on images streamed from disk: 29 generated JPEGs (4 classes) decoded by each rank's own pool at 8 × 8 px
// (random resized crop + flip, keyed by seed, epoch and sample), the MLP flattening them (no batch norm), batches of
// 8: steps of 8, 8, 8, 5 (the last split 2 / 3).
describe.skipIf(!built || !(await distributedAvailable()))('data-parallel trainModel on a streamed dataset, two processes (needs the built dist/)', () => {
  const files = (name: string) => {
    const split = jpegSplit(join(root, name), 29, sampleJpegs(4), 4);
    return { paths: split.paths, labels: Array.from(split.labels), size: 8 };
  };
  const STREAM = { backend: 'cpu', batchSize: 8, epochs: 2 };
  const clean = files('clean');
  let reference: Promise<RankReport> | undefined;
  const streamedAlone = (): Promise<RankReport> => (reference ??= runTrainRanks({ ...STREAM, stream: clean }, 1).then((r) => results(r)[0]!));

  // Without accumulation, 2 ranks = 1 process is tested through the bin (launch.test.ts).
  it('2 ranks, each decoding its part of every global batch in micro-batches of 2, reach the weights of 1 process with whole batches (8 steps, within 1e-5); leak-free', async () => {
    const alone = await streamedAlone();
    expect([alone.steps, alone.seen]).toEqual([8, 58]);
    const ranks = results(await runTrainRanks({ ...STREAM, stream: clean, accumulate: 4 }, 2));
    // Each rank decoded and trained on its parts only: 4 + 4 + 4 + 2 (rank 0) and + 3 (rank 1) per epoch.
    expect(ranks.map((r) => r.seen)).toEqual([28, 30]);
    for (const r of ranks) {
      expect(r.type).toBe('result');
      expect(r.steps).toBe(8);
      expect(r.leaked).toBe(0);
      expect(maxDifference(r.weights, alone.weights)).toBeLessThan(TOLERANCE);
      r.losses!.forEach((loss, e) => expect(loss).toBeCloseTo(alone.losses![e]!, 5));
    }
    expect(maxDifference(ranks[0]!.weights, ranks[1]!.weights)).toBe(0);
    // Control: another batch size lands far beyond the tolerance.
    const other = results(await runTrainRanks({ ...STREAM, batchSize: 4, stream: clean }, 1))[0]!;
    expect(maxDifference(other.weights, alone.weights)).toBeGreaterThan(1000 * TOLERANCE);
  }, 180_000);

  it('with batch norm (moving statistics that differ per rank), the 2 ranks evaluating their parts of the 29 images (14 and 15) together get the evaluation of rank 0’s model in one process; leak-free', async () => {
    const ranks = results(await runTrainRanks({ ...STREAM, stream: clean, batchNorm: true, evaluate: true }, 2));
    const pick = (r: RankReport, trainable: boolean): number[][] => r.weights.filter((_, i) => r.trainable![i] === trainable);
    expect(maxDifference(pick(ranks[0]!, false), pick(ranks[1]!, false))).toBeGreaterThan(1e-3);
    for (const r of ranks) expect([r.type, r.leaked]).toEqual(['result', 0]);
    const { together, alone } = ranks[0]!.evaluation!;
    expect(together).toEqual(alone);
    expect(alone.labels).toEqual(clean.labels);
    expect(ranks[1]!.evaluation).toBeUndefined();
  }, 120_000);

  it('stopped on 2 ranks mid-epoch, the streamed run resumes in 1 process to the uninterrupted weights', async () => {
    const alone = await streamedAlone();
    const dir = join(root, 'stream-two');
    for (const r of results(await runTrainRanks({ ...STREAM, stream: clean, stopAfterStep: 2, checkpointDir: dir }, 2))) {
      expect([r.type, r.epoch, r.batch]).toEqual(['interrupted', 0, 3]);
    }
    const [resumed] = results(await runTrainRanks({ ...STREAM, stream: clean, checkpointDir: dir, resume: true }, 1));
    expect(resumed!.steps).toBe(5);
    expect(maxDifference(resumed!.weights, alone.weights)).toBeLessThan(TOLERANCE);
  }, 120_000);

  it('skipped images: a global batch whose 8 files are all unreadable is left out on every rank (no update), scattered ones leave the mean; 2 ranks = 1 process', async () => {
    const bad = files('bad');
    // The 8 files of step 1 of epoch 0 (the trainer's order: instance sampler, seed 5): a whole global batch.
    const order = sampleEpoch(Int32Array.from(bad.labels), { sampler: 'instance', seed: 5, epoch: 0, numEpochs: 2 });
    for (const i of order.subarray(8, 16)) writeFileSync(bad.paths[i]!, 'not an image');
    const scenario = { ...STREAM, stream: { ...bad, skipBadImages: true } };
    const [alone] = results(await runTrainRanks(scenario, 1));
    expect([alone!.steps, alone!.seen]).toEqual([7, 42]); // 8 steps less the one with no image; 21 readable images × 2 epochs
    const ranks = results(await runTrainRanks(scenario, 2));
    expect(ranks[0]!.seen! + ranks[1]!.seen!).toBe(42);
    for (const r of ranks) {
      expect(r.steps).toBe(7);
      expect(maxDifference(r.weights, alone!.weights)).toBeLessThan(TOLERANCE);
      r.losses!.forEach((loss, e) => expect(loss).toBeCloseTo(alone!.losses![e]!, 5));
    }
  }, 120_000);
});
