import { getGradient, version_core, type GradConfig } from '@tensorflow/tfjs-core';
import { LibtorchBackendError } from '../LibtorchBackendError.js';
import { registerFusedBatchNormGrad } from '../gradients/fusedBatchNormGrad.js';
import { registerChannelMeanTracking } from '../gradients/momentsProvenance.js';
import { registerReductionGrads } from '../gradients/reductionGrads.js';
import { registerUnaryGrads } from '../gradients/unaryGrads.js';
import { registerZeroGradients } from '../gradients/zeroGradients.js';
import { registerDeferredMoments } from '../kernels/deferredMoments.js';
import { assertVerifiedTfjsCore } from './verifiedTfjsCore.js';

/** Every kernel whose TF.js gradient the fast path replaces (and so must find registered first). */
export const OVERRIDDEN_GRADIENTS = ['FusedBatchNorm', 'Sum', 'Mean', 'Relu', 'Softplus', 'Square', 'Reshape', 'Sub', 'Cast', 'Identity'] as const;

interface FastPathState {
  readonly backendName: string;
  /** The gradient configs the fast path registered, by kernel; undefined until installed. */
  installed: Map<string, GradConfig | undefined> | undefined;
}

let state: FastPathState | undefined;

/** Installs the gradient overrides, in the order they wrap each other: the zero gradients wrap the others. */
function installGradients(backendName: string): Map<string, GradConfig | undefined> {
  registerFusedBatchNormGrad(backendName);
  registerReductionGrads(backendName);
  registerUnaryGrads(backendName);
  registerZeroGradients(backendName);
  return new Map(OVERRIDDEN_GRADIENTS.map((name) => [name, getGradient(name)]));
}

/**
 * The libtorch backend's training fast path, in one place behind one registration: the batch-norm gradient as one
 * native kernel (ATen's training-mode backward when the tape shows the statistics are `tf.moments` of x), its
 * moments in one pass (deferred `Sub`/`Square`/`Mean`), the moments' redundant gradient chain skipped (tagged
 * zeros), and one-pass Relu/Softplus/Square/Sum/Mean gradients. Everything it replaces runs only while
 * `backendName` is the active backend.
 *
 * It relies on tfjs-core's private state (the active gradient tape) and wraps TF.js's gradients, so it:
 * - refuses a tfjs-core other than the minor release it was verified on ({@link assertVerifiedTfjsCore});
 * - installs its gradients over TF.js's at once if they are registered (tfjs-layers, or
 *   `@tensorflow/tfjs-core/dist/register_all_gradients`), else at the first {@link ensureFastPath} that finds them;
 * - fails loudly ({@link ensureFastPath}) when one of its gradients was registered again afterwards: it would
 *   otherwise be silently lost (slower) or, wrapped again, silently wrong.
 * Idempotent for one backend name.
 * @throws LibtorchBackendError `invalid-state` for another tfjs-core release.
 * @example registerFastPath('libtorch'); // called by registerLibtorchBackend
 */
export function registerFastPath(backendName: string): void {
  assertVerifiedTfjsCore(version_core);
  if (state !== undefined) return;
  state = { backendName, installed: undefined };
  // Kernel wrappers of the backend itself: order-independent of the gradient registry.
  registerDeferredMoments(backendName);
  registerChannelMeanTracking(backendName);
  ensureFastPath();
}

/**
 * Installs the fast path's gradients when TF.js's are registered and it has not yet, and checks that every one of
 * them is still the registered gradient. The backend calls it when it is created and at every batch norm it runs
 * under a gradient tape (before the engine looks the gradient up), so a training step never runs with a lost override.
 * @throws LibtorchBackendError `invalid-state` naming the kernel whose gradient was registered after the fast path.
 * @example ensureFastPath(); // after tf.registerGradient({ kernelName: 'FusedBatchNorm', ... }) this throws
 */
export function ensureFastPath(): void {
  if (state === undefined) return;
  if (state.installed === undefined) {
    if (OVERRIDDEN_GRADIENTS.some((name) => getGradient(name) === undefined)) return;
    state.installed = installGradients(state.backendName);
    return;
  }
  for (const [name, ours] of state.installed) {
    if (getGradient(name) !== ours) {
      throw new LibtorchBackendError(
        'invalid-state',
        `tfjs-backend-libtorch: the gradient of '${name}' must stay the one its fast path registered; got another, registered after it (TF.js's gradients registered again, e.g. @tensorflow/tfjs-core/dist/register_all_gradients.js first loaded after tf.setBackend('libtorch'), or tf.registerGradient). Load @tensorflow/tfjs-layers (or register_all_gradients) before tf.setBackend('libtorch'), and register no gradient of these kernels after it.`,
      );
    }
  }
}
