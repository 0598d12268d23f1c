/**
 * tfjs-backend-libtorch: a native TensorFlow.js backend for Node whose tensors and kernels live in libtorch
 * (Debian `libtorch-dev`, CPU, oneDNN convolutions, OpenBLAS matmul).
 *
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import 'tfjs-backend-libtorch'; // registers backend 'libtorch'
 * await tf.setBackend('libtorch');
 * ```
 * Importing registers the backend (TF.js's convention) and never throws; without the addon, `'libtorch'` is
 * registered as unavailable (`tf.setBackend('libtorch')` resolves to false and logs why),
 * `registerLibtorchBackend()` returns false and `libtorchUnavailableReason()` says why.
 * @packageDocumentation
 */
import { availableParallelism } from 'node:os';
import { findBackendFactory, registerBackend, version_core } from '@tensorflow/tfjs-core';
import { LibtorchBackendError } from './LibtorchBackendError.js';
import { LibtorchBackend } from './LibtorchBackend.js';
import { registerFusedSgdMomentum } from './kernels/fusedSgdMomentumKernel.js';
import { ensureFastPath, registerFastPath } from './fastPath/registerFastPath.js';
import { assertVerifiedTfjsCore } from './fastPath/verifiedTfjsCore.js';
import { registerConvBatchNormKernels } from './kernels/convBatchNormKernels.js';
import { usedFallbackNames } from './kernels/cpuFallback.js';
import { nativeKernels } from './kernels/nativeKernels.js';
import { loadAddon } from './native/loadAddon.js';
import type { NativeAddon } from './native/NativeAddon.js';
import { BACKEND_NAME, registerKernels } from './registerKernels.js';
import { registerUnavailableBackend } from './registerUnavailableBackend.js';

export { LibtorchBackendError, LIBTORCH_ERROR_CODES, type LibtorchErrorCode } from './LibtorchBackendError.js';
export { ProcessGroup, type AllreduceOptions } from './distributed/ProcessGroup.js';
export { createProcessGroup, processGroupFromEnv, isDistributedAvailable, distributedUnavailableReason } from './distributed/createProcessGroup.js';
export { processGroupOptionsFromEnv, TORCHRUN_ENV } from './distributed/processGroupOptionsFromEnv.js';
export { DEFAULT_BUCKET_BYTES, DEFAULT_TIMEOUT_MS, type ProcessGroupOptions } from './distributed/ProcessGroupOptions.js';
export { REDUCE_OPS, type ReduceOp } from './distributed/reduceOps.js';
export { freePort } from './distributed/freePort.js';

let threadsInitialised = false;
let registered = false;

/** The addon with the default thread count applied once (all cores), or undefined. */
function addon(): NativeAddon | undefined {
  const loaded = loadAddon().addon;
  if (loaded !== undefined && !threadsInitialised) {
    threadsInitialised = true;
    loaded.setThreads(availableParallelism());
  }
  return loaded;
}

/**
 * True when the native addon (built at install from libtorch-dev) loads in this process.
 * @example isLibtorchAvailable() // true on a machine with libtorch-dev installed before `npm ci`
 */
export function isLibtorchAvailable(): boolean {
  return loadAddon().addon !== undefined;
}

/**
 * Why the addon is unavailable (not built, or a shared library missing), or undefined when it is available.
 * @example libtorchUnavailableReason() // undefined, or 'native addon not built (expected …)'
 */
export function libtorchUnavailableReason(): string | undefined {
  return loadAddon().reason;
}

/**
 * Registers TF.js backend `'libtorch'` (priority 0, so it is never chosen implicitly: call
 * `tf.setBackend('libtorch')`) and its kernels: native ones (see `nativeKernelNames()`) plus a cpu bridge for
 * every other kernel of `@tensorflow/tfjs-backend-cpu`. While 'libtorch' is the active backend, FusedBatchNorm's
 * gradient runs as one native kernel, Relu's, Softplus's and Square's gradients as one native pass each and Sum/Mean
 * gradients are broadcast views; batch norm in training (statistics from `tf.moments`) is differentiated by one native
 * kernel and its moments' variance runs in one pass (see the README, "Batch norm in training"). Other backends keep
 * TF.js's gradients. These fast paths sit behind one registration (`src/fastPath/registerFastPath.ts`) that checks the
 * tfjs-core release they were verified on and that no gradient was registered over them afterwards (see the README,
 * "Fast paths and tfjs-core versions"). `convBatchNorm` (`tfjs-backend-libtorch/ops`) runs as
 * one native kernel forward and one backward. Idempotent: importing the package already calls it.
 * @returns false when the addon is unavailable, true otherwise.
 * @throws LibtorchBackendError `invalid-state` when `@tensorflow/tfjs-core` is not of the verified minor release.
 * @example if (registerLibtorchBackend()) await tf.setBackend('libtorch');
 */
export function registerLibtorchBackend(): boolean {
  const native = addon();
  if (native === undefined) return false;
  assertVerifiedTfjsCore(version_core);
  if (registered || findBackendFactory(BACKEND_NAME) !== null) {
    registered = true;
    return true;
  }
  registerKernels();
  registerFusedSgdMomentum(BACKEND_NAME);
  registerConvBatchNormKernels(BACKEND_NAME);
  registerFastPath(BACKEND_NAME);
  registerBackend(
    BACKEND_NAME,
    () => {
      ensureFastPath();
      return new LibtorchBackend(native);
    },
    0,
  );
  registered = true;
  return true;
}

/**
 * Sets the number of intra-op threads libtorch uses (default: `os.availableParallelism()`).
 * @param n - a positive integer.
 * @throws LibtorchBackendError `invalid-argument` for anything else, `not-found` when the addon is unavailable.
 * @example setThreads(2); getThreads() // 2
 */
export function setThreads(n: number): void {
  if (!Number.isInteger(n) || n < 1) throw new LibtorchBackendError('invalid-argument', `setThreads: 'n' must be a positive integer; got ${String(n)}.`);
  const native = addon();
  if (native === undefined) throw new LibtorchBackendError('not-found', `setThreads: libtorch must be available; got ${libtorchUnavailableReason() ?? 'no addon'}.`);
  native.setThreads(n);
}

/**
 * The number of intra-op threads libtorch uses; 0 when the addon is unavailable.
 * @example getThreads() // 2 on a 2-core machine
 */
export function getThreads(): number {
  return addon()?.getThreads() ?? 0;
}

/**
 * Kernels that actually ran through the cpu fallback bridge in this process so far (sorted). Empty means
 * everything ran natively.
 * @example fallbackKernelNames() // ['Range'] after tf.range on the libtorch backend
 */
export function fallbackKernelNames(): string[] {
  return usedFallbackNames();
}

/**
 * Kernels implemented natively in libtorch (sorted); empty when the addon is unavailable.
 * @example nativeKernelNames().includes('Conv2D') // true
 */
export function nativeKernelNames(): string[] {
  return isLibtorchAvailable() ? nativeKernels.map((k) => k.name).sort() : [];
}

// TF.js's convention (tfjs-backend-wasm, tfjs-node): importing the package registers its backend, and never throws:
// when the registration refuses (another tfjs-core release), the backend is registered as unavailable with why.
try {
  if (!registerLibtorchBackend()) registerUnavailableBackend(libtorchUnavailableReason() ?? 'native addon not loaded');
} catch (error) {
  registerUnavailableBackend((error as Error).message, 'tfjs-backend-libtorch must register');
}
