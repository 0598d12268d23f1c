import { registerKernel, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';
import { FUSED_SGD_MOMENTUM } from '../ops/kernelNames.js';
import { callNative, input, type KernelArgs } from './nativeCall.js';

function fusedSgdMomentum(params: unknown): TensorInfo[] {
  const args = params as KernelArgs;
  const decayed = args.attrs['decayed'] as readonly boolean[];
  const n = decayed.length;
  const tensors: TensorInfo[] = [];
  for (const prefix of ['w', 'g', 'v']) for (let i = 0; i < n; ++i) tensors.push(input(args, `${prefix}${i}`));
  const hyper = [Number(args.attrs['learningRate']), Number(args.attrs['momentum']), Number(args.attrs['weightDecay']), args.attrs['nesterov'] === true ? 1 : 0];
  return callNative(args.backend, 'SgdMomentum', tensors, decayed.map((d) => (d ? 1 : 0)), hyper);
}

/**
 * Registers kernel `FusedSgdMomentum` for `backendName`: every variable's update in one native call
 * (`native/ops_optim.cc`, op `SgdMomentum`), new tensors out, inputs never written. The op
 * `sgdMomentumUpdate` (`tfjs-backend-libtorch/ops`) validates the arguments before calling it.
 */
export function registerFusedSgdMomentum(backendName: string): void {
  registerKernel({ kernelName: FUSED_SGD_MOMENTUM, backendName, kernelFunc: fusedSgdMomentum as unknown as KernelFunc });
}
