import { getBackend, getGradient, registerGradient, type GradFunc, type NamedAttrMap, type Tensor } from '@tensorflow/tfjs-core';

/**
 * A native gradient function: the gradient map for a single float32 `dy`, or `undefined` to decline (its own
 * checks failed: dtypes or shapes of the saved tensors, ...), in which case TF.js's gradient runs.
 */
export type NativeGradFunc = (dy: Tensor, saved: Tensor[], attrs: NamedAttrMap) => ReturnType<GradFunc> | undefined;

/**
 * Re-registers TF.js's gradient of `kernelName` (same `inputsToSave` and `outputsToSave`) so that
 * `nativeGradFunc` runs while the active backend is `backendName` and dy is a single float32 tensor; on any
 * other backend, for an array or non-float32 dy, or when `nativeGradFunc` returns `undefined`, TF.js's gradient
 * runs unchanged (the gradient registry is global, hence the backend check at each call). Does nothing when
 * TF.js has no gradient for `kernelName`.
 * @example overrideGradient('Relu', 'libtorch', (dy, [x]) => (x?.dtype === 'float32' ? { x: () => reluGrad(dy, x) } : undefined));
 */
export function overrideGradient(kernelName: string, backendName: string, nativeGradFunc: NativeGradFunc): void {
  const original = getGradient(kernelName);
  if (original === undefined) return;
  registerGradient({
    kernelName,
    inputsToSave: original.inputsToSave,
    outputsToSave: original.outputsToSave,
    gradFunc: (dy: Tensor | Tensor[], saved: Tensor[], attrs: NamedAttrMap) => {
      const native = getBackend() === backendName && !Array.isArray(dy) && dy.dtype === 'float32' ? nativeGradFunc(dy, saved, attrs) : undefined;
      return native ?? original.gradFunc(dy, saved, attrs);
    },
  });
}
