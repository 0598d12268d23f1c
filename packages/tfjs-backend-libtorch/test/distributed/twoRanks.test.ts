// Two ranks in two processes (child_process.fork of rankWorker.mjs, which imports the built package) on loopback.
// Every test has a hard timeout and kills its ranks at the end, whatever happened.
import { describe, expect, it } from 'vitest';
import { isDistributedAvailable } from '../../src/index.js';
import { freePort, killAll, launch, runRanks, type RankMessage } from './ranks.js';

interface Read {
  readonly shape: number[];
  readonly dtype: string;
  readonly values: number[];
}

const range = (n: number, f: (k: number) => number) => Array.from({ length: n }, (_, k) => f(k));

// rankWorker.mjs's tensors on rank r: [[1+r, 2, 3], [4(r+1), 5, 6]], int32 [10r, -1], 0.5 + r, [k + 100r]_{k<7},
// and an empty [0, 3]; worked out by hand for ranks 0 and 1.
const SUM: Read[] = [
  { shape: [2, 3], dtype: 'float32', values: [3, 4, 6, 12, 10, 12] },
  { shape: [2], dtype: 'int32', values: [10, -2] },
  { shape: [], dtype: 'float32', values: [2] },
  { shape: [7], dtype: 'float32', values: range(7, (k) => 2 * k + 100) },
  { shape: [0, 3], dtype: 'float32', values: [] },
];
const MEAN: Read[] = [
  { shape: [2, 3], dtype: 'float32', values: [1.5, 2, 3, 6, 5, 6] },
  { shape: [], dtype: 'float32', values: [1] },
  { shape: [7], dtype: 'float32', values: range(7, (k) => k + 50) },
];
const FROM_RANK_1: Read[] = [
  { shape: [2, 3], dtype: 'float32', values: [2, 2, 3, 8, 5, 6] },
  { shape: [2], dtype: 'int32', values: [10, -1] },
  { shape: [], dtype: 'float32', values: [1.5] },
  { shape: [7], dtype: 'float32', values: range(7, (k) => k + 100) },
  { shape: [0, 3], dtype: 'float32', values: [] },
];

function expectCollectives(reports: RankMessage[], backend: 'libtorch' | 'cpu'): void {
  reports.forEach((message, rank) => {
    expect(message.type, message.message).toBe('result');
    const report = message[backend] as Record<string, unknown>;
    expect(report['backend']).toBe(backend);
    expect(report['sum']).toEqual(SUM);
    expect(report['mean']).toEqual(MEAN);
    expect(report['broadcast']).toEqual(FROM_RANK_1);
    // The inputs are untouched: rank r still holds its own values.
    expect((report['inputsAfter'] as Read[])[0]?.values).toEqual([1 + rank, 2, 3, 4 * (rank + 1), 5, 6]);
    expect(report['created']).toBe(13);
    expect(report['leaked']).toBe(0);
    expect(report['arrays']).toEqual([[0.5, 1, 2], [0.375]]);
    expect(report['ints']).toEqual([[3, 14]]);
    expect(report['broadcastArrays']).toEqual([[0, 0]]);
  });
}

describe.skipIf(!isDistributedAvailable())('two ranks on loopback', () => {
  it('allreduce (sum, mean) and broadcast of several tensors and dtypes across 16-byte buckets: libtorch tensors natively, cpu ones through typed arrays', async () => {
    const reports = await runRanks('collectives', 2, { TEST_BACKEND: 'libtorch', TEST_BUCKET_BYTES: '16' });
    expectCollectives(reports, 'libtorch');
    expectCollectives(reports, 'cpu');
  }, 60_000);

  it('5 SGD steps of a tiny MLP on 2 ranks with half the batch each reach the weights of 1 process on the whole batch', async () => {
    const [single] = await runRanks('sgd-single', 1);
    const reports = await runRanks('sgd', 2);
    const reference = single?.['weights'] as number[][];
    expect(reference).toHaveLength(4);
    // Float32 sums in another order: the weights agree to 1e-5 absolute (they are O(1)).
    const TOLERANCE = 1e-5;
    const maxDiff = (a: number[][], b: number[][]) => Math.max(...a.flatMap((w, k) => w.map((v, j) => Math.abs(v - (b[k]?.[j] ?? NaN)))));
    for (const report of reports) {
      expect(report.type, report.message).toBe('result');
      expect(maxDiff(report['weights'] as number[][], reference)).toBeLessThan(TOLERANCE);
      // Control: a rank that trains on its half alone ends far from the reference, so the check above can fail.
      expect(maxDiff(report['shardOnly'] as number[][], reference)).toBeGreaterThan(100 * TOLERANCE);
    }
  }, 60_000);

  it('a rank killed with SIGKILL makes the other fail within the timeout, naming the operation and its rank', async () => {
    const ranks = launch('hold', 2, await freePort(), { TEST_TIMEOUT_MS: '5000' });
    try {
      await Promise.all(ranks.map((r) => r.ready));
      const [first, second] = ranks;
      const killed = new Promise((resolve) => second?.child.once('exit', resolve));
      second?.child.kill('SIGKILL');
      await killed;
      first?.child.send({ type: 'go' });
      const report = await first!.done;
      expect(report.type).toBe('error');
      expect(['connection-lost', 'timeout']).toContain(report.code);
      expect(report.message).toMatch(/^allreduce: rank 0 of 2 (lost its connection to rank 1, which exited or was killed|timed out after 5000 ms)/);
      expect(report.elapsedMs).toBeLessThan(5000 + 2000);
      expect(report['usable']).toBe(false);
    } finally {
      killAll(ranks);
    }
  }, 30_000);

  it('a rank that stops responding (SIGSTOP) makes the other time out after timeoutMs', async () => {
    const ranks = launch('hold', 2, await freePort(), { TEST_TIMEOUT_MS: '2000' });
    try {
      await Promise.all(ranks.map((r) => r.ready));
      const [first, second] = ranks;
      second?.child.kill('SIGSTOP');
      first?.child.send({ type: 'go' });
      const report = await first!.done;
      expect(report.type).toBe('error');
      expect(report.code).toBe('timeout');
      expect(report.message).toMatch(/^allreduce: rank 0 of 2 timed out after 2000 ms waiting for the other ranks \(/);
      expect(report.elapsedMs).toBeGreaterThanOrEqual(1900);
      expect(report.elapsedMs).toBeLessThan(2000 + 3000);
    } finally {
      killAll(ranks);
    }
  }, 30_000);
});
