import { CblossError } from '../CblossError.js';
import { createDataParallel, type GroupDataParallel, type ProcessGroupLike } from './createDataParallel.js';

/** The part of `tfjs-backend-libtorch` that joining a process group uses. */
interface DistributedModule {
  processGroupFromEnv(overrides?: { readonly timeoutMs?: number }, env?: NodeJS.ProcessEnv): Promise<ProcessGroupLike>;
  distributedUnavailableReason(): string | undefined;
}

// Held in a variable: TypeScript does not resolve it, so cbloss builds whatever state the optional package is in.
const LIBTORCH_SPECIFIER = 'tfjs-backend-libtorch';

/** Options of {@link joinDataParallel}. */
export interface JoinOptions {
  /** How long a rank waits for the others (rendezvous, each collective) before failing, in ms. */
  readonly timeoutMs: number;
  /** Where torchrun's variables are read (default `process.env`). */
  readonly env?: NodeJS.ProcessEnv;
}

/**
 * Joins the data-parallel group described by torchrun's environment (`MASTER_ADDR`, `MASTER_PORT`, `RANK`,
 * `WORLD_SIZE`, `LOCAL_RANK`) through `tfjs-backend-libtorch`'s process groups (PyTorch's c10d, Gloo), and wraps it
 * for the trainer ({@link createDataParallel}). Resolves when every rank has joined.
 *
 * @param fn - the function or command named in messages.
 * @throws CblossError `not-found` when the native package or its Gloo support is missing; the package's own errors
 *   (`LibtorchBackendError`: bad variables, `timeout` naming the rank) otherwise.
 * @example
 * // RANK=0 WORLD_SIZE=2 MASTER_ADDR=127.0.0.1 MASTER_PORT=29500 (and RANK=1 in another process)
 * const dp = await joinDataParallel('train', { timeoutMs: 1_800_000 });
 */
export async function joinDataParallel(fn: string, options: JoinOptions): Promise<GroupDataParallel> {
  let module: Partial<DistributedModule>;
  try {
    module = (await import(LIBTORCH_SPECIFIER)) as Partial<DistributedModule>;
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new CblossError('not-found', `${fn}: data-parallel training needs tfjs-backend-libtorch; got an import failure (${reason}).`);
  }
  if (typeof module.processGroupFromEnv !== 'function' || typeof module.distributedUnavailableReason !== 'function') {
    throw new CblossError('not-found', `${fn}: data-parallel training needs tfjs-backend-libtorch with process groups; got a version without them.`);
  }
  const reason = module.distributedUnavailableReason();
  if (reason !== undefined) throw new CblossError('not-found', `${fn}: data-parallel training needs process groups; got ${reason}.`);
  const group = await module.processGroupFromEnv({ timeoutMs: options.timeoutMs }, options.env ?? process.env);
  return createDataParallel(group);
}
