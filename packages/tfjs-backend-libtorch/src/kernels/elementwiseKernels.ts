import type { DataType, TensorInfo } from '@tensorflow/tfjs-core';
import { dtypeCode } from '../LibtorchBackend.js';
import { callNative1, input, inputList, type NativeKernelSpec } from './nativeCall.js';

/** Unary kernels whose TF.js input is `x` and that take no attributes; the native op has the same name. */
const UNARY_NAMES = [
  'Exp', 'Expm1', 'Log', 'Log1p', 'Sqrt', 'Rsqrt', 'Reciprocal', 'Sigmoid', 'Tanh', 'Sin', 'Cos', 'Tan',
  'Asin', 'Acos', 'Atan', 'Sinh', 'Cosh', 'Asinh', 'Acosh', 'Atanh', 'Erf', 'Elu', 'Selu', 'Softplus', 'Ceil',
  'Floor', 'Round', 'IsNan', 'IsInf', 'IsFinite', 'Abs', 'Neg', 'Sign', 'Square', 'Relu', 'Relu6', 'ZerosLike',
  'OnesLike', 'LogicalNot',
] as const;

/** Binary kernels with inputs `a`, `b` and broadcasting; the native op has the same name. */
const BINARY_NAMES = [
  'Add', 'Sub', 'Multiply', 'RealDiv', 'FloorDiv', 'Maximum', 'Minimum', 'Pow', 'SquaredDifference', 'Mod',
  'Atan2', 'Equal', 'NotEqual', 'Greater', 'GreaterEqual', 'Less', 'LessEqual', 'LogicalAnd', 'LogicalOr',
] as const;

function unary(name: string): NativeKernelSpec {
  return { name, run: (args) => callNative1(args.backend, name, [input(args, 'x')]) };
}

/**
 * `x` itself, one more reference to its data (as the cpu backend's identity): no native call. TF.js tensors are
 * immutable, so sharing is safe; the engine clones tensors (Identity) hundreds of times per training step.
 */
function shared(args: Parameters<NativeKernelSpec['run']>[0]): TensorInfo {
  const x = input(args, 'x');
  args.backend.incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
}

function binary(name: string): NativeKernelSpec {
  return { name, run: (args) => callNative1(args.backend, name, [input(args, 'a'), input(args, 'b')]) };
}

/** Element-wise kernels: maths, activations, arithmetic, comparisons, casts, fills. */
export const elementwiseKernels: readonly NativeKernelSpec[] = [
  ...UNARY_NAMES.map(unary),
  ...BINARY_NAMES.map(binary),
  { name: 'Identity', run: shared },
  { name: 'Step', run: (args) => callNative1(args.backend, 'Step', [input(args, 'x')], [], [Number(args.attrs['alpha'] ?? 0)]) },
  { name: 'LeakyRelu', run: (args) => callNative1(args.backend, 'LeakyRelu', [input(args, 'x')], [], [Number(args.attrs['alpha'] ?? 0.2)]) },
  {
    name: 'ClipByValue',
    run: (args) =>
      callNative1(args.backend, 'ClipByValue', [input(args, 'x')], [], [Number(args.attrs['clipValueMin']), Number(args.attrs['clipValueMax'])]),
  },
  { name: 'AddN', run: (args) => callNative1(args.backend, 'AddN', inputList(args)) },
  { name: 'Prelu', run: (args) => callNative1(args.backend, 'Prelu', [input(args, 'x'), input(args, 'alpha')]) },
  { name: 'EluGrad', run: (args) => callNative1(args.backend, 'EluGrad', [input(args, 'dy'), input(args, 'y')]) },
  {
    name: 'Select',
    run: (args) => callNative1(args.backend, 'Select', [input(args, 'condition'), input(args, 't'), input(args, 'e')]),
  },
  {
    name: 'Cast',
    run: (args, fallback) => {
      const dtype = args.attrs['dtype'] as DataType;
      if (dtype === input(args, 'x').dtype) return shared(args);
      if (dtype !== 'float32' && dtype !== 'int32' && dtype !== 'bool') return fallback();
      return callNative1(args.backend, 'Cast', [input(args, 'x')], [dtypeCode(dtype)]);
    },
  },
  {
    name: 'Fill',
    run: (args, fallback): TensorInfo => {
      const dtype = (args.attrs['dtype'] ?? 'float32') as DataType;
      const value = args.attrs['value'];
      if (typeof value !== 'number' || (dtype !== 'float32' && dtype !== 'int32' && dtype !== 'bool')) return fallback() as TensorInfo;
      const shape = args.attrs['shape'] as number[];
      return callNative1(args.backend, 'Fill', [], [dtypeCode(dtype), ...shape], [value]);
    },
  },
];
