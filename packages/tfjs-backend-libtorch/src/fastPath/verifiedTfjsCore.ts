import { LibtorchBackendError } from '../LibtorchBackendError.js';

/**
 * The tfjs-core minor version the gradient fast path (`registerFastPath`) was verified on: it reads the engine's
 * private gradient tape (`engine().state.activeTape`, its nodes' `kernelName`, `inputs` and `outputs`) and replaces
 * TF.js's gradients of FusedBatchNorm, Mean, Sum, Square, Sub, Reshape, Cast, Identity, Relu and Softplus, whose
 * formulas (and `inputsToSave`) it reproduces. Keep in step with the peer dependency range in package.json.
 */
export const VERIFIED_TFJS_CORE = '4.22';

/**
 * Throws unless `version` (tfjs-core's `version_core`) is of the minor release {@link VERIFIED_TFJS_CORE}: another
 * release may change the tape or the gradients, and the fast path would then be silently wrong or slower.
 * @throws LibtorchBackendError `invalid-state`.
 * @example assertVerifiedTfjsCore('4.22.0'); // passes; '4.23.0' throws
 */
export function assertVerifiedTfjsCore(version: string): void {
  const [major, minor] = version.split('.');
  if (`${major}.${minor}` !== VERIFIED_TFJS_CORE) {
    throw new LibtorchBackendError(
      'invalid-state',
      `tfjs-backend-libtorch: '@tensorflow/tfjs-core' must be version ${VERIFIED_TFJS_CORE}.x (its gradient fast path reads tfjs-core's private gradient tape and was verified on that release only); got ${version}. Install @tensorflow/tfjs-core@~${VERIFIED_TFJS_CORE}.0.`,
    );
  }
}
