import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { setThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { nearestName } from 'class-balanced-loss';
import { assertThreads } from './threadLimit.js';
import type { BackendChoice } from '../types.js';
import { loadLibtorch, loadWasmTrainingKernels } from './loadOptionalBackends.js';
import { CblossError } from '../CblossError.js';

/** Options of {@link selectBackend}. */
export interface SelectBackendOptions {
  /** Worker threads for libtorch (intra-op) or wasm (only before wasm first initialises). Default: the backend's own. */
  readonly threads?: number;
  /** Receives the one-line notices (fallbacks), e.g. `console.error`. */
  readonly log?: (line: string) => void;
}

/** The backend now active and, when it is not the one asked for or is degraded, why. */
export interface SelectedBackend {
  /** `tf.getBackend()` after selection: 'libtorch', 'wasm' or 'cpu'. */
  readonly backend: string;
  /** One-line explanation of a fallback, also passed to `options.log`. */
  readonly notice?: string;
}

/** The backends `selectBackend` (and `--backend`) accept: `auto` picks libtorch when available, else wasm. */
export const BACKEND_CHOICES = ['auto', 'libtorch', 'wasm', 'cpu'] as const;
const CHOICES: readonly BackendChoice[] = BACKEND_CHOICES;

/** How to get the native backend, quoted in errors. */
export const LIBTORCH_INSTALL_HINT = 'apt-get install libtorch-dev libopenblas0-openmp, then npm rebuild tfjs-backend-libtorch';

async function activate(name: string): Promise<boolean> {
  let ok: boolean;
  try {
    ok = await tf.setBackend(name);
  } catch {
    ok = false;
  }
  if (ok) await tf.ready();
  return ok && tf.getBackend() === name;
}

async function useLibtorch(threads: number | undefined): Promise<{ ok: true } | { ok: false; reason: string }> {
  const loaded = await loadLibtorch();
  if (!loaded.ok) return loaded;
  try {
    if (!loaded.module.registerLibtorchBackend() && tf.findBackendFactory('libtorch') === null) {
      return { ok: false, reason: 'registerLibtorchBackend() failed' };
    }
    if (threads !== undefined) loaded.module.setThreads(threads);
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  }
  return (await activate('libtorch')) ? { ok: true } : { ok: false, reason: "tf.setBackend('libtorch') failed" };
}

async function useWasm(threads: number | undefined): Promise<{ ok: boolean; notice?: string }> {
  if (threads !== undefined) setThreadsCount(threads);
  const kernelsProblem = await loadWasmTrainingKernels();
  if (!(await activate('wasm'))) return { ok: false };
  return kernelsProblem === undefined ? { ok: true } : { ok: true, notice: `wasm training kernels unavailable (${kernelsProblem}); some gradients may be missing` };
}

/**
 * Chooses and initialises the TensorFlow.js backend for a run, awaiting `tf.ready()`:
 * - `'auto'`: libtorch (native, fastest) when its addon loads; else wasm with the notice
 *   `libtorch unavailable (<reason>); using wasm`; else cpu (with a notice too).
 * - `'libtorch'`: the native backend, or a CblossError `not-found` explaining how to install it.
 * - `'wasm'`: the wasm backend, with the extra training (gradient) kernels registered.
 * - `'cpu'`: the pure-JS backend (slow, always there; the reference).
 * Notices are returned and also passed to `options.log`. Call it once, before building models.
 *
 * @throws CblossError `unknown-name` for an unknown choice, `invalid-argument` for bad `threads`,
 *   `not-found` when an explicitly chosen backend cannot be used.
 * @example
 * const { backend, notice } = await selectBackend('auto', { threads: 2, log: (line) => console.error(line) });
 * // backend === 'libtorch', or 'wasm' with notice 'libtorch unavailable (libtorch.so not found); using wasm'
 */
export async function selectBackend(choice: BackendChoice, options: SelectBackendOptions = {}): Promise<SelectedBackend> {
  if (!CHOICES.includes(choice)) {
    const nearest = nearestName(String(choice), CHOICES);
    const hint = nearest ? ` (did you mean '${nearest}'?)` : '';
    throw new CblossError('unknown-name', `selectBackend: 'choice' must be one of ${CHOICES.join(', ')}; got '${choice}'${hint}.`);
  }
  const { threads, log } = options;
  if (threads !== undefined && (!Number.isInteger(threads) || threads < 1)) {
    throw new CblossError('invalid-argument', `selectBackend: 'threads' must be a positive integer; got ${threads}.`);
  }
  if (threads !== undefined) assertThreads('selectBackend', 'threads', threads);
  const done = (notice?: string): SelectedBackend => {
    if (notice !== undefined) log?.(notice);
    return notice === undefined ? { backend: tf.getBackend() } : { backend: tf.getBackend(), notice };
  };

  if (choice === 'cpu') {
    if (!(await activate('cpu'))) throw new CblossError('not-found', "selectBackend: the 'cpu' backend must be registered; got none.");
    return done();
  }
  if (choice === 'wasm') {
    const wasm = await useWasm(threads);
    if (!wasm.ok) throw new CblossError('not-found', "selectBackend: the 'wasm' backend must initialise; got a failure from tf.setBackend('wasm').");
    return done(wasm.notice);
  }
  const libtorch = await useLibtorch(threads);
  if (libtorch.ok) return done();
  if (choice === 'libtorch') {
    throw new CblossError(
      'not-found',
      `selectBackend: the 'libtorch' backend must be available; got: ${libtorch.reason}. Install it with: ${LIBTORCH_INSTALL_HINT}.`,
    );
  }
  const wasm = await useWasm(threads);
  if (wasm.ok) return done([`libtorch unavailable (${libtorch.reason}); using wasm`, wasm.notice].filter(Boolean).join('; '));
  await activate('cpu');
  return done(`libtorch unavailable (${libtorch.reason}) and wasm failed to initialise; using cpu`);
}
