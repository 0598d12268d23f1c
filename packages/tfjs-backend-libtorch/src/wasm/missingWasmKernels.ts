import { getKernelsForBackend } from '@tensorflow/tfjs-core';

/**
 * Kernels that cannot be bridged to wasm: they need complex or string tensors, or a canvas.
 * (`Complex`, `ComplexAbs`, `FFT`, `IFFT`, `Imag`, `Real`, `StaticRegexReplace`, `Draw`.)
 */
export const UNBRIDGEABLE_KERNELS: readonly string[] = ['Complex', 'ComplexAbs', 'FFT', 'IFFT', 'Imag', 'Real', 'StaticRegexReplace', 'Draw'];

/**
 * Names of kernels registered for `reference` (default 'cpu') but not for `backendName` (default
 * 'wasm'), sorted. With tfjs 4.22 and before {@link registerWasmTrainingKernels}, on wasm:
 * `Complex ComplexAbs Conv2DBackpropFilter DepthwiseConv2dNativeBackpropFilter
 * DepthwiseConv2dNativeBackpropInput Draw Einsum FFT IFFT Imag RaggedGather RaggedRange
 * RaggedTensorToTensor Real StaticRegexReplace UnsortedSegmentSum`.
 *
 * @example
 * missingKernels(); // [] once every kernel is registered, else e.g. ['Conv2DBackpropFilter', ...]
 */
export function missingKernels(backendName = 'wasm', reference = 'cpu'): string[] {
  const have = new Set(getKernelsForBackend(backendName).map((k) => k.kernelName));
  return getKernelsForBackend(reference)
    .map((k) => k.kernelName)
    .filter((name) => !have.has(name))
    .sort();
}
