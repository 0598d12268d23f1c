import { spawn, type ChildProcess } from 'node:child_process';
import { constants } from 'node:os';
// The backend's launcher helper, from the subpath that loads no native code (the launcher only starts ranks).
import { freePort } from 'tfjs-backend-libtorch/distributed';

export { freePort };

/** Set in the environment of the processes {@link launchRanks} starts (see {@link followLauncher}). */
export const LAUNCHED_ENV = 'CBLOSS_LAUNCHED';

/** What {@link launchRanks} starts. */
export interface LaunchOptions {
  /** N, the number of processes (ranks 0..N−1) on this machine. */
  readonly nproc: number;
  /** The executable of each rank (e.g. `process.execPath`) and its arguments (the same command without `--nproc`). */
  readonly command: string;
  readonly args: readonly string[];
  /** The ranks' environment, before torchrun's variables are added (default `process.env`). */
  readonly env?: NodeJS.ProcessEnv;
  /** The rendezvous port on 127.0.0.1 (default: a free one). */
  readonly masterPort?: number;
  /** Where the launcher's own lines go (which ranks started, which one failed). */
  readonly log: (line: string) => void;
  /** The command named in those lines, e.g. `'train'`. */
  readonly fn: string;
  /** How long a rank may take to exit after being told to stop, before it is killed, in ms. Default 10000. */
  readonly killAfterMs?: number;
}

/** 128 + the signal's number, as a shell reports a process killed by a signal. */
function signalStatus(signal: NodeJS.Signals): number {
  return 128 + (constants.signals[signal] ?? 0);
}

/**
 * The launcher of `cbloss train --nproc N` (one machine): starts N processes of the same command with torchrun's
 * environment (`MASTER_ADDR=127.0.0.1`, a free `MASTER_PORT`, `RANK`, `WORLD_SIZE`, `LOCAL_RANK`, `LOCAL_WORLD_SIZE`),
 * logs their pids, and waits for all of them:
 * - Ctrl-C (SIGINT) and SIGTERM are forwarded to every rank (each rank runs in its own process group, so that a
 *   terminal's Ctrl-C reaches it once, through the launcher): the ranks stop together and save a checkpoint.
 * - When a rank fails (non-zero exit, or killed by a signal), one line names it
 *   (`train: rank 1 (pid 4242) was killed by SIGKILL; stopping the other ranks`) and the others get SIGTERM (and
 *   SIGCONT, for a stopped one; SIGKILL after `killAfterMs`). A rank that hangs makes the others fail after their
 *   process group's timeout, which ends it the same way.
 * - If the launcher itself dies, its ranks exit too ({@link followLauncher}).
 *
 * @returns the exit code: 0 when every rank succeeded; 130 after Ctrl-C; else the first failing rank's code (128 +
 *   signal number when it was killed).
 * @example
 * const code = await launchRanks({ nproc: 2, command: process.execPath, args: [bin, 'train', '--out', 'runs/a'],
 *   log: (line) => process.stderr.write(`${line}\n`), fn: 'train' });
 */
export async function launchRanks(options: LaunchOptions): Promise<number> {
  const { nproc, log, fn } = options;
  const port = options.masterPort ?? (await freePort());
  const children: ChildProcess[] = [];
  for (let rank = 0; rank < nproc; rank++) {
    children.push(
      spawn(options.command, [...options.args], {
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
        detached: true,
        env: {
          ...(options.env ?? process.env),
          MASTER_ADDR: '127.0.0.1',
          MASTER_PORT: String(port),
          RANK: String(rank),
          WORLD_SIZE: String(nproc),
          LOCAL_RANK: String(rank),
          LOCAL_WORLD_SIZE: String(nproc),
          [LAUNCHED_ENV]: '1',
        },
      }),
    );
  }
  log(`${fn}: ${nproc} processes on 127.0.0.1:${port} (${children.map((c, rank) => `rank ${rank}: pid ${c.pid ?? '?'}`).join(', ')})`);

  const running = (child: ChildProcess): boolean => child.exitCode === null && child.signalCode === null;
  let interrupted = false;
  let failure: number | undefined;
  let killTimer: NodeJS.Timeout | undefined;
  const forward = (signal: NodeJS.Signals) => (): void => {
    if (signal === 'SIGINT') interrupted = true;
    for (const child of children) if (running(child)) child.kill(signal);
  };
  const onSigint = forward('SIGINT');
  const onSigterm = forward('SIGTERM');
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigterm);
  const stopOthers = (): void => {
    for (const child of children) {
      if (!running(child)) continue;
      child.kill('SIGTERM');
      child.kill('SIGCONT'); // a stopped (hung) rank receives the SIGTERM at once
    }
    killTimer = setTimeout(() => {
      for (const child of children) if (running(child)) child.kill('SIGKILL');
    }, options.killAfterMs ?? 10_000);
  };

  try {
    await Promise.all(
      children.map(
        (child, rank) =>
          new Promise<void>((resolve) => {
            child.once('error', (error) => {
              log(`${fn}: rank ${rank} could not start (${error.message})`);
              failure ??= 1;
              stopOthers();
              resolve();
            });
            child.once('exit', (code, signal) => {
              const status = code ?? (signal !== null ? signalStatus(signal) : 1);
              // After Ctrl-C every rank exits with 130 having saved its part: not a failure.
              if (status !== 0 && failure === undefined && !(interrupted && status === 130)) {
                failure = status;
                const how = signal !== null ? `was killed by ${signal}` : `exited with code ${String(code)}`;
                log(`${fn}: rank ${rank} (pid ${child.pid ?? '?'}) ${how}; stopping the other ranks`);
                stopOthers();
              }
              resolve();
            });
          }),
      ),
    );
  } finally {
    process.off('SIGINT', onSigint);
    process.off('SIGTERM', onSigterm);
    if (killTimer !== undefined) clearTimeout(killTimer);
  }
  if (failure !== undefined) return failure;
  return interrupted || children.some((c) => c.exitCode === 130) ? 130 : 0;
}

/**
 * In a rank started by {@link launchRanks}: exit (code 1) when the launcher goes away, so that no rank outlives it;
 * does nothing in a process started otherwise (e.g. by torchrun or by hand). The launcher's channel does not keep
 * the process alive.
 * @example followLauncher(); // at the start of a rank
 */
export function followLauncher(): void {
  if (process.env[LAUNCHED_ENV] !== '1' || process.send === undefined) return;
  process.on('disconnect', () => process.exit(1));
  process.channel?.unref();
}
