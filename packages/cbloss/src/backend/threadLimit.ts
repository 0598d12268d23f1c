import { availableParallelism } from 'node:os';
import { CblossError } from '../CblossError.js';

/** Threads allowed per logical CPU: more only adds contention (9999 threads made the process hang). */
export const THREADS_PER_CPU = 4;

/**
 * The largest thread count a backend may be given: {@link THREADS_PER_CPU} × the logical CPUs Node sees
 * (`os.availableParallelism()`), e.g. 8 on a 2-core machine.
 *
 * @example
 * maxThreads(); // 8 on a 2-core machine
 */
export function maxThreads(): number {
  return THREADS_PER_CPU * availableParallelism();
}

/**
 * Checks a thread count at the boundary where the user gave it: a positive integer no larger than
 * {@link maxThreads}. `fn` and `arg` name what the user called and typed.
 *
 * @throws CblossError 'invalid-argument', e.g.
 *   `train: '--threads' must be an integer in [1, 8] (4 per CPU, 2 CPUs); got 9999.`
 * @example
 * assertThreads('train', '--threads', 2); // fine
 */
export function assertThreads(fn: string, arg: string, threads: number): void {
  const max = maxThreads();
  if (!Number.isInteger(threads) || threads < 1 || threads > max) {
    throw new CblossError(
      'invalid-argument',
      `${fn}: '${arg}' must be an integer in [1, ${max}] (${THREADS_PER_CPU} per CPU, ${availableParallelism()} CPUs); got ${threads}.`,
    );
  }
}
