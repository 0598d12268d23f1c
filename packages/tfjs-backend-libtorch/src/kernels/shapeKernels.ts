import { backend_util, slice_util, util, type DataType, type TensorInfo } from '@tensorflow/tfjs-core';
import { dtypeCode } from '../LibtorchBackend.js';
import { callNative, callNative1, input, inputList, type NativeKernelSpec } from './nativeCall.js';

function normalisedAxis(axis: number, rank: number): number {
  return axis < 0 ? axis + rank : axis;
}

/** Shape, slicing, gathering and padding kernels (views where libtorch gives them). */
export const shapeKernels: readonly NativeKernelSpec[] = [
  {
    name: 'Reshape',
    run: (args) => {
      const x = input(args, 'x');
      const shape = util.inferFromImplicitShape(args.attrs['shape'] as number[], util.sizeFromShape(x.shape));
      return callNative1(args.backend, 'Reshape', [x], shape);
    },
  },
  {
    // ExpandDims(input): attrs dim (negative counts from the end, -1 appends): a reshape, so a view.
    name: 'ExpandDims',
    run: (args) => {
      const x = input(args, 'input');
      const dim = args.attrs['dim'] as number;
      const at = dim < 0 ? dim + x.shape.length + 1 : dim;
      return callNative1(args.backend, 'Reshape', [x], [...x.shape.slice(0, at), 1, ...x.shape.slice(at)]);
    },
  },
  { name: 'Transpose', run: (args) => callNative1(args.backend, 'Transpose', [input(args, 'x')], args.attrs['perm'] as number[]) },
  {
    name: 'Concat',
    run: (args) => {
      const all = inputList(args);
      const first = all[0];
      if (first === undefined) throw new Error('libtorch backend: Concat needs at least one input');
      const [axis = 0] = util.parseAxisParam(args.attrs['axis'] as number, first.shape);
      const nonEmpty = all.filter((t) => util.sizeFromShape(t.shape) > 0);
      const parts = nonEmpty.length > 0 ? nonEmpty : [first];
      if (parts.length === 1 && parts[0] !== undefined) return callNative1(args.backend, 'Identity', [parts[0]]);
      return callNative1(args.backend, 'Concat', parts, [axis]);
    },
  },
  {
    name: 'Pack',
    run: (args) => {
      const all = inputList(args);
      const rank = (all[0]?.shape.length ?? 0) + 1;
      return callNative1(args.backend, 'Pack', all, [normalisedAxis(Number(args.attrs['axis'] ?? 0), rank)]);
    },
  },
  {
    name: 'Unpack',
    run: (args) => {
      const x = input(args, 'value');
      return callNative(args.backend, 'Unpack', [x], [normalisedAxis(Number(args.attrs['axis'] ?? 0), x.shape.length)]);
    },
  },
  {
    name: 'Slice',
    run: (args) => {
      const x = input(args, 'x');
      const [begin = [], size = []] = slice_util.parseSliceParams(x, args.attrs['begin'] as number[], args.attrs['size'] as number[]);
      slice_util.assertParamsValid(x, begin, size);
      return callNative1(args.backend, 'Slice', [x], [...begin, ...size]);
    },
  },
  {
    name: 'StridedSlice',
    run: (args, fallback) => {
      const x = input(args, 'x');
      const a = args.attrs;
      const info = slice_util.sliceInfo(
        x.shape,
        a['begin'] as number[],
        a['end'] as number[],
        a['strides'] as number[],
        Number(a['beginMask'] ?? 0),
        Number(a['endMask'] ?? 0),
        Number(a['ellipsisMask'] ?? 0),
        Number(a['newAxisMask'] ?? 0),
        Number(a['shrinkAxisMask'] ?? 0),
      );
      if (info.isIdentity) return callNative1(args.backend, 'Reshape', [x], info.finalShape);
      const dense = info.sliceDim0 || info.isSimpleSlice ? slice_util.computeOutShape(info.begin, info.end, info.strides) : info.finalShapeSparse;
      const rank = x.shape.length;
      if (dense.length !== rank || info.begin.length !== rank || info.strides.length !== rank) return fallback();
      return callNative1(args.backend, 'StridedSlice', [x], [rank, ...info.begin, ...info.strides, ...dense, ...info.finalShape]);
    },
  },
  { name: 'Tile', run: (args) => callNative1(args.backend, 'Tile', [input(args, 'x')], args.attrs['reps'] as number[]) },
  {
    name: 'GatherV2',
    run: (args, fallback) => {
      if (Number(args.attrs['batchDims'] ?? 0) !== 0) return fallback();
      const x = input(args, 'x');
      const [axis = 0] = util.parseAxisParam(Number(args.attrs['axis'] ?? 0), x.shape);
      return callNative1(args.backend, 'GatherV2', [x, input(args, 'indices')], [axis]);
    },
  },
  {
    name: 'SplitV',
    run: (args) => {
      const x = input(args, 'x');
      const [axis = 0] = util.parseAxisParam(Number(args.attrs['axis'] ?? 0), x.shape);
      const sizes = backend_util.prepareSplitSize(x, args.attrs['numOrSizeSplits'] as number[] | number, axis);
      return callNative(args.backend, 'SplitV', [x], [axis, ...sizes]);
    },
  },
  {
    name: 'PadV2',
    run: (args) => {
      const paddings = (args.attrs['paddings'] as Array<[number, number]>).flat();
      return callNative1(args.backend, 'PadV2', [input(args, 'x')], paddings, [Number(args.attrs['constantValue'] ?? 0)]);
    },
  },
  {
    name: 'Reverse',
    run: (args) => {
      const x = input(args, 'x');
      const axes = util.parseAxisParam(args.attrs['dims'] as number | number[], x.shape);
      if (axes.length === 0) return callNative1(args.backend, 'Identity', [x]);
      return callNative1(args.backend, 'Reverse', [x], axes);
    },
  },
  {
    name: 'TensorScatterUpdate',
    run: (args) => callNative1(args.backend, 'TensorScatterUpdate', [input(args, 'tensor'), input(args, 'indices'), input(args, 'updates')]),
  },
  {
    name: 'OneHot',
    run: (args, fallback): TensorInfo => {
      const dtype = (args.attrs['dtype'] ?? 'int32') as DataType;
      if (dtype !== 'float32' && dtype !== 'int32' && dtype !== 'bool') return fallback() as TensorInfo;
      return callNative1(args.backend, 'OneHot', [input(args, 'indices')], [Number(args.attrs['depth']), dtypeCode(dtype)], [
        Number(args.attrs['onValue'] ?? 1),
        Number(args.attrs['offValue'] ?? 0),
      ]);
    },
  },
];
