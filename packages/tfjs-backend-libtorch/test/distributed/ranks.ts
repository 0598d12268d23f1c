import { fork, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../src/distributed/freePort.js';

export { freePort };

const WORKER = join(dirname(fileURLToPath(import.meta.url)), 'rankWorker.mjs');

/** What a rank reports (see rankWorker.mjs). */
export interface RankMessage {
  readonly type: 'ready' | 'result' | 'error';
  readonly code?: string;
  readonly message?: string;
  readonly elapsedMs?: number;
  readonly [key: string]: unknown;
}

/** A forked rank: its process, when it formed the group, and its final report (result or error). */
export interface Rank {
  readonly child: ChildProcess;
  readonly ready: Promise<void>;
  readonly done: Promise<RankMessage>;
}

/** Forks `worldSize` ranks of rankWorker.mjs on loopback with torchrun's variables and `env`. */
export function launch(scenario: string, worldSize: number, port: number, env: Record<string, string> = {}): Rank[] {
  return Array.from({ length: worldSize }, (_, rank) => {
    const child = fork(WORKER, [], {
      execArgv: [],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      env: {
        ...process.env,
        MASTER_ADDR: '127.0.0.1',
        MASTER_PORT: String(port),
        RANK: String(rank),
        WORLD_SIZE: String(worldSize),
        TEST_SCENARIO: scenario,
        ...env,
      },
    });
    let markReady: () => void = () => undefined;
    const ready = new Promise<void>((resolve) => {
      markReady = resolve;
    });
    const done = new Promise<RankMessage>((resolve) => {
      child.on('message', (message: RankMessage) => {
        if (message.type === 'ready') markReady();
        else resolve(message);
      });
      child.on('exit', (code, signal) => resolve({ type: 'error', code: 'exited', message: `rank ${rank} exited (${String(code ?? signal)}) without a report` }));
    });
    return { child, ready, done };
  });
}

/** Kills every rank still running (SIGKILL). */
export function killAll(ranks: readonly Rank[]): void {
  for (const { child } of ranks) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

/**
 * Runs a scenario on `worldSize` ranks to the end and returns each rank's report; retries with another port (up to
 * three times) when rank 0 could not bind the one it was given.
 */
export async function runRanks(scenario: string, worldSize: number, env: Record<string, string> = {}): Promise<RankMessage[]> {
  for (let attempt = 1; ; attempt++) {
    const ranks = launch(scenario, worldSize, await freePort(), env);
    try {
      const reports = await Promise.all(ranks.map((r) => r.done));
      const portTaken = reports.some((r) => /address already in use/i.test(r.message ?? ''));
      if (!portTaken || attempt === 3) return reports;
    } finally {
      killAll(ranks);
    }
  }
}
