import { findBackendFactory, registerBackend } from '@tensorflow/tfjs-core';
import { LibtorchBackendError } from './LibtorchBackendError.js';
import { BACKEND_NAME } from './registerKernels.js';

/**
 * Registers backend `'libtorch'` as present but unusable, when the native addon does not load: importing
 * `tfjs-backend-libtorch` registers the backend either way (TF.js's convention), and without the addon
 * `tf.setBackend('libtorch')` resolves to `false` and TF.js logs `Initialization of backend libtorch failed`
 * followed by this message (as `@tensorflow/tfjs-backend-webgl` does without WebGL), instead of throwing
 * `Backend name 'libtorch' not found in registry`. Priority 0: never chosen implicitly. Does nothing when a
 * `'libtorch'` backend is already registered.
 *
 * @param reason - why the addon is unavailable (`libtorchUnavailableReason()`), or why the registration refused.
 * @param rule - what had to hold (default: the addon must load).
 * @example
 * registerUnavailableBackend('native addon not built');
 * await tf.setBackend('libtorch'); // false; logs "tf.setBackend('libtorch'): the native addon of
 * // tfjs-backend-libtorch must load; got: native addon not built."
 */
export function registerUnavailableBackend(reason: string, rule = 'the native addon of tfjs-backend-libtorch must load'): void {
  if (findBackendFactory(BACKEND_NAME) !== null) return;
  const message = `tf.setBackend('${BACKEND_NAME}'): ${rule}; got: ${reason.replace(/\.$/, '')}.`;
  registerBackend(
    BACKEND_NAME,
    () => {
      throw new LibtorchBackendError('not-found', message);
    },
    0,
  );
}
