import { fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../src/distributed/launchRanks.js';

/** True when the package is built (the rank scripts and the bin import dist/). */
export const built = existsSync(fileURLToPath(new URL('../../dist/index.js', import.meta.url)));

/** True when tfjs-backend-libtorch can form process groups (its addon built with Gloo). */
export async function distributedAvailable(): Promise<boolean> {
  try {
    const module = (await import('tfjs-backend-libtorch')) as { isDistributedAvailable?: () => boolean };
    return module.isDistributedAvailable?.() === true;
  } catch {
    return false;
  }
}

/** A streamed evaluation as trainRank.mjs reports it. */
export interface EvaluationSummary {
  readonly top1Error: number;
  readonly top5Error: number;
  readonly perClassAccuracy: readonly number[];
  readonly labels: readonly number[];
  readonly predictions: readonly number[];
}

/** What trainRank.mjs reports. */
export interface RankReport {
  readonly type: 'result' | 'interrupted' | 'error';
  readonly rank: number;
  readonly steps: number;
  readonly leaked: number;
  readonly weights: number[][];
  /** Whether each of `weights` is trainable (batch-norm moving statistics are not). */
  readonly trainable?: boolean[];
  readonly losses?: number[];
  /** Streamed scenarios: the images this process trained on. */
  readonly seen?: number;
  /** `evaluate` scenarios, on rank 0: the split evaluated by the ranks together, and by rank 0 alone on its model. */
  readonly evaluation?: { readonly together?: EvaluationSummary; readonly alone: EvaluationSummary };
  readonly epoch?: number;
  readonly batch?: number;
  readonly message?: string;
}

const WORKER = fileURLToPath(new URL('./trainRank.mjs', import.meta.url));

/**
 * Runs trainRank.mjs with `scenario` in one process (worldSize 1: no torchrun variables, plain trainModel) or as
 * `worldSize` ranks on loopback; resolves with each process's report. Every process is killed at the end.
 */
export async function runTrainRanks(scenario: Record<string, unknown>, worldSize: number): Promise<RankReport[]> {
  const port = await freePort();
  const children = Array.from({ length: worldSize }, (_, rank) =>
    fork(WORKER, [], {
      execArgv: [],
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      env: {
        ...process.env,
        TEST_SCENARIO: JSON.stringify(scenario),
        ...(worldSize > 1 ? { MASTER_ADDR: '127.0.0.1', MASTER_PORT: String(port), RANK: String(rank), WORLD_SIZE: String(worldSize) } : { RANK: '', WORLD_SIZE: '' }),
      },
    }),
  );
  try {
    return await Promise.all(
      children.map(
        (child, rank) =>
          new Promise<RankReport>((resolve) => {
            let stderr = '';
            child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
            child.once('message', (message: RankReport) => resolve(message));
            child.once('exit', (code, signal) =>
              resolve({ type: 'error', rank, steps: 0, leaked: 0, weights: [], message: `rank ${rank} exited (${String(code ?? signal)}) without a report: ${stderr}` }),
            );
          }),
      ),
    );
  } finally {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
}

/** The largest |a − b| over all weights. */
export function maxDifference(a: readonly number[][], b: readonly number[][]): number {
  let max = 0;
  a.forEach((values, i) => values.forEach((v, j) => (max = Math.max(max, Math.abs(v - (b[i]?.[j] ?? Number.NaN))))));
  return Number.isNaN(max) ? Infinity : max;
}
