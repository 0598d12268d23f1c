import { util, type TensorInfo } from '@tensorflow/tfjs-core';

type Activation = 'linear' | 'relu' | 'prelu' | 'elu' | 'relu6' | 'leakyrelu' | 'sigmoid';
import { callNative1, input, type KernelArgs, type NativeKernelSpec } from './nativeCall.js';

/** Native codes of fused activations (see `applyActivation` in native/ops_elementwise.cc). */
const ACTIVATION_CODE: Record<Activation, number> = { linear: 0, relu: 1, relu6: 2, prelu: 3, leakyrelu: 4, elu: 5, sigmoid: 6 };

/** Native code of a fused activation; unknown names throw. */
export function activationCode(activation: unknown): number {
  const code = ACTIVATION_CODE[(activation ?? 'linear') as Activation];
  if (code === undefined) throw new Error(`libtorch backend: unknown fused activation '${String(activation)}'`);
  return code;
}

function axisAttr(value: unknown): number | number[] | undefined {
  return value === undefined || value === null ? undefined : (value as number | number[]);
}

/** A reduction over `attrs[axisName]` (all axes when absent); reducing over no axis is the identity. */
function reduction(name: string, axisName = 'axis'): NativeKernelSpec {
  return {
    name,
    run: (args: KernelArgs): TensorInfo => {
      const x = input(args, 'x');
      const axes = util.parseAxisParam(axisAttr(args.attrs[axisName]) ?? x.shape.map((_, i) => i), x.shape);
      const keepDims = args.attrs['keepDims'] === true;
      if (axes.length === 0) {
        const same = callNative1(args.backend, 'Identity', [x]);
        return name === 'Mean' && x.dtype !== 'float32' ? callCast(args, same) : same;
      }
      return callNative1(args.backend, name, [x], [keepDims ? 1 : 0, ...axes]);
    },
  };
}

function callCast(args: KernelArgs, info: TensorInfo): TensorInfo {
  const out = callNative1(args.backend, 'Cast', [info], [0]);
  args.backend.disposeData(info.dataId);
  return out;
}

function singleAxis(x: TensorInfo, axis: unknown): number {
  const [a] = util.parseAxisParam(Array.isArray(axis) ? (axis as number[]) : ((axis ?? 0) as number), x.shape);
  return a ?? 0;
}

/** Reductions, arg-extrema, softmax, cumulative sums and matrix products. */
export const reduceKernels: readonly NativeKernelSpec[] = [
  reduction('Sum'),
  reduction('Mean'),
  reduction('Max', 'reductionIndices'),
  reduction('Min'),
  reduction('Prod'),
  reduction('Any'),
  reduction('All'),
  { name: 'ArgMax', run: (args) => callNative1(args.backend, 'ArgMax', [input(args, 'x')], [singleAxis(input(args, 'x'), args.attrs['axis'])]) },
  { name: 'ArgMin', run: (args) => callNative1(args.backend, 'ArgMin', [input(args, 'x')], [singleAxis(input(args, 'x'), args.attrs['axis'])]) },
  {
    name: 'Softmax',
    run: (args) => {
      const logits = input(args, 'logits');
      return callNative1(args.backend, 'Softmax', [logits], [singleAxis(logits, args.attrs['dim'] ?? -1)]);
    },
  },
  {
    name: 'Cumsum',
    run: (args) => {
      const x = input(args, 'x');
      const flags = [args.attrs['exclusive'] === true ? 1 : 0, args.attrs['reverse'] === true ? 1 : 0];
      return callNative1(args.backend, 'Cumsum', [x], [singleAxis(x, args.attrs['axis']), ...flags]);
    },
  },
  {
    name: 'BatchMatMul',
    run: (args) =>
      callNative1(args.backend, 'BatchMatMul', [input(args, 'a'), input(args, 'b')], [
        args.attrs['transposeA'] === true ? 1 : 0,
        args.attrs['transposeB'] === true ? 1 : 0,
      ]),
  },
  {
    name: '_FusedMatMul',
    run: (args) => {
      const bias = args.inputs['bias'] ?? undefined;
      const prelu = args.inputs['preluActivationWeights'] ?? undefined;
      const tensors = [input(args, 'a'), input(args, 'b'), ...(bias ? [bias] : []), ...(prelu ? [prelu] : [])];
      const ints = [
        args.attrs['transposeA'] === true ? 1 : 0,
        args.attrs['transposeB'] === true ? 1 : 0,
        bias ? 1 : 0,
        activationCode(args.attrs['activation']),
        prelu ? 1 : 0,
      ];
      return callNative1(args.backend, '_FusedMatMul', tensors, ints, [Number(args.attrs['leakyreluAlpha'] ?? 0.2)]);
    },
  },
];
