import * as tf from '@tensorflow/tfjs-core';
import type { Domain, InputSpec, KernelCase } from './compareBackends.js';

const f = (shape: number[], domain: Domain = 'any'): InputSpec => ({ shape, dtype: 'float32', domain });
const i = (shape: number[], domain: Domain = 'int'): InputSpec => ({ shape, dtype: 'int32', domain });
const b = (shape: number[]): InputSpec => ({ shape, dtype: 'bool', domain: 'bool' });

const UNARY_DOMAINS: Record<string, Domain> = {
  Exp: 'any', Expm1: 'any', Log: 'positive', Log1p: 'positive', Sqrt: 'positive', Rsqrt: 'positive',
  Reciprocal: 'nonzero', Sigmoid: 'any', Tanh: 'any', Sin: 'any', Cos: 'any', Tan: 'unit', Asin: 'unit',
  Acos: 'unit', Atan: 'any', Sinh: 'any', Cosh: 'any', Asinh: 'any', Acosh: 'above1', Atanh: 'unit', Erf: 'any',
  Elu: 'any', Selu: 'any', Softplus: 'any', Ceil: 'any', Floor: 'any', Round: 'any', IsNan: 'any', IsInf: 'any',
  IsFinite: 'any', Abs: 'any', Neg: 'any', Sign: 'any', Square: 'any', Relu: 'any', Relu6: 'any', Identity: 'any',
  ZerosLike: 'any', OnesLike: 'any',
};
/** Unary kernels that also accept int32 in TF.js (checked for the output dtype too). */
const INT_UNARY = ['Abs', 'Neg', 'Sign', 'Square', 'Relu', 'Relu6', 'Identity', 'ZerosLike', 'OnesLike', 'Exp', 'Sqrt'];
const UNARY_SHAPES: number[][] = [[], [7], [3, 4, 5]];

const BINARY_FLOAT: Record<string, [Domain, Domain]> = {
  Add: ['any', 'any'], Sub: ['any', 'any'], Multiply: ['any', 'any'], RealDiv: ['any', 'nonzero'],
  FloorDiv: ['any', 'nonzero'], Maximum: ['any', 'any'], Minimum: ['any', 'any'], Pow: ['positive', 'any'],
  SquaredDifference: ['any', 'any'], Mod: ['any', 'nonzero'], Atan2: ['any', 'any'], Equal: ['int', 'int'],
  NotEqual: ['int', 'int'], Greater: ['smallint', 'smallint'], GreaterEqual: ['smallint', 'smallint'],
  Less: ['smallint', 'smallint'], LessEqual: ['smallint', 'smallint'],
};
const BINARY_INT: Record<string, [Domain, Domain]> = {
  Add: ['int', 'int'], Sub: ['int', 'int'], Multiply: ['int', 'int'], FloorDiv: ['int', 'posint'],
  Maximum: ['int', 'int'], Minimum: ['int', 'int'], Pow: ['smallint', 'posint'], SquaredDifference: ['int', 'int'],
  Mod: ['int', 'posint'], Equal: ['smallint', 'smallint'], NotEqual: ['smallint', 'smallint'],
  Greater: ['smallint', 'smallint'], GreaterEqual: ['smallint', 'smallint'], Less: ['smallint', 'smallint'],
  LessEqual: ['smallint', 'smallint'],
};
const BINARY_SHAPES: Array<[number[], number[]]> = [[[2, 3], [2, 3]], [[4, 1, 3], [5, 1]], [[], [3, 2]]];

function unaryCases(): KernelCase[] {
  const cases: KernelCase[] = [];
  for (const [kernel, domain] of Object.entries(UNARY_DOMAINS)) {
    for (const shape of UNARY_SHAPES) cases.push({ kernel, label: `float32 [${shape.join(', ')}]`, inputs: { x: f(shape, domain) } });
  }
  for (const kernel of INT_UNARY) cases.push({ kernel, label: 'int32', inputs: { x: i([3, 4], kernel === 'Sqrt' ? 'posint' : 'int') } });
  cases.push({ kernel: 'LogicalNot', inputs: { x: b([3, 4]) } });
  cases.push({ kernel: 'Identity', label: 'bool', inputs: { x: b([5]) } });
  cases.push({ kernel: 'Step', inputs: { x: f([4, 5]) }, attrs: { alpha: 0.3 } });
  cases.push({ kernel: 'Step', label: 'alpha 0', inputs: { x: f([4, 5]) }, attrs: { alpha: 0 } });
  cases.push({ kernel: 'Step', label: 'int32', inputs: { x: i([4, 5]) }, attrs: { alpha: 0 } });
  cases.push({ kernel: 'LeakyRelu', inputs: { x: f([4, 5]) }, attrs: { alpha: 0.2 } });
  cases.push({ kernel: 'ClipByValue', inputs: { x: f([4, 5]) }, attrs: { clipValueMin: -1, clipValueMax: 0.5 } });
  cases.push({ kernel: 'ClipByValue', label: 'int32', inputs: { x: i([4, 5]) }, attrs: { clipValueMin: -2, clipValueMax: 3 } });
  cases.push({ kernel: 'Prelu', inputs: { x: f([2, 3, 4]), alpha: f([4]) } });
  cases.push({ kernel: 'EluGrad', inputs: { dy: f([3, 4]), y: f([3, 4]) } });
  for (const [from, to] of [['float32', 'int32'], ['float32', 'bool'], ['int32', 'float32'], ['int32', 'bool'], ['bool', 'float32'], ['bool', 'int32']] as const) {
    const spec = from === 'float32' ? f([3, 4]) : from === 'int32' ? i([3, 4], 'smallint') : b([3, 4]);
    cases.push({ kernel: 'Cast', label: `${from}->${to}`, inputs: { x: spec }, attrs: { dtype: to } });
  }
  cases.push({ kernel: 'Fill', label: 'float32', inputs: {}, attrs: { shape: [2, 3], value: 1.5, dtype: 'float32' } });
  cases.push({ kernel: 'Fill', label: 'int32', inputs: {}, attrs: { shape: [4], value: 7, dtype: 'int32' } });
  return cases;
}

function binaryCases(): KernelCase[] {
  const cases: KernelCase[] = [];
  for (const [kernel, [da, db]] of Object.entries(BINARY_FLOAT)) {
    for (const [sa, sb] of BINARY_SHAPES) cases.push({ kernel, label: `float32 [${sa}] [${sb}]`, inputs: { a: f(sa, da), b: f(sb, db) } });
  }
  for (const [kernel, [da, db]] of Object.entries(BINARY_INT)) {
    cases.push({ kernel, label: 'int32', inputs: { a: i([4, 1, 3], da), b: i([5, 1], db) } });
  }
  // Multiply by a per-row factor ([..., n] by [..., 1], either side) has its own one-pass loop; the last case
  // broadcasts both ways and must not take it
  for (const [sa, sb] of [[[4, 37], [4, 1]], [[5, 1], [5, 19]], [[2, 3, 37], [2, 3, 1]], [[4, 1], [1, 37]], [[70, 1000], [70, 1]]]) {
    cases.push({ kernel: 'Multiply', label: `per-row factor [${sa}] [${sb}]`, inputs: { a: f(sa as number[]), b: f(sb as number[]) } });
  }
  cases.push({ kernel: 'Multiply', label: 'per-row factor, int32', inputs: { a: i([3, 9]), b: i([3, 1]) } });
  for (const kernel of ['LogicalAnd', 'LogicalOr']) cases.push({ kernel, inputs: { a: b([3, 4]), b: b([3, 4]) } });
  cases.push({ kernel: 'AddN', inputs: [f([2, 3]), f([2, 3]), f([2, 3])] });
  cases.push({ kernel: 'AddN', label: 'int32', inputs: [i([4]), i([4])] });
  cases.push({ kernel: 'Select', inputs: { condition: b([3, 4]), t: f([3, 4]), e: f([3, 4]) } });
  cases.push({ kernel: 'Select', label: 'int32', inputs: { condition: b([5]), t: i([5]), e: i([5]) } });
  return cases;
}

function reduceCases(): KernelCase[] {
  const cases: KernelCase[] = [];
  const axesList: Array<number | number[] | undefined> = [1, [0, 2], -1, undefined, []];
  for (const kernel of ['Sum', 'Mean', 'Max', 'Min', 'Prod']) {
    const axisName = kernel === 'Max' ? 'reductionIndices' : 'axis';
    for (const axis of axesList) {
      for (const keepDims of [false, true]) {
        cases.push({ kernel, label: `axis ${JSON.stringify(axis)} keepDims ${keepDims}`, inputs: { x: f([3, 4, 5]) }, attrs: { [axisName]: axis, keepDims } });
      }
    }
    cases.push({ kernel, label: 'int32', inputs: { x: i([3, 4], 'smallint') }, attrs: { [axisName]: [1], keepDims: false } });
  }
  cases.push({ kernel: 'Sum', label: 'bool', inputs: { x: b([3, 4]) }, attrs: { axis: 0, keepDims: false } });
  for (const kernel of ['Any', 'All']) {
    for (const axis of [0, [0, 1], undefined]) cases.push({ kernel, label: JSON.stringify(axis), inputs: { x: b([3, 4]) }, attrs: { axis, keepDims: false } });
  }
  for (const kernel of ['ArgMax', 'ArgMin']) {
    for (const axis of [0, 1, -1]) cases.push({ kernel, label: `axis ${axis}`, inputs: { x: f([4, 6]) }, attrs: { axis } });
    cases.push({ kernel, label: 'int32', inputs: { x: i([3, 7]) }, attrs: { axis: 1 } });
    cases.push({ kernel, label: 'rows of 37 (vector loop and tail)', inputs: { x: f([5, 37]) }, attrs: { axis: -1 } });
    cases.push({ kernel, label: 'ties', inputs: { x: f([6, 21], 'smallint') }, attrs: { axis: 1 } });
  }
  cases.push({ kernel: 'Softmax', inputs: { logits: f([4, 10]) }, attrs: { dim: -1 } });
  cases.push({ kernel: 'Softmax', label: 'rank 3', inputs: { logits: f([2, 3, 5]) }, attrs: { dim: -1 } });
  cases.push({ kernel: 'Softmax', label: 'rows of 37 (vector loop and tail)', inputs: { logits: f([3, 37]) }, attrs: { dim: -1 } });
  cases.push({ kernel: 'Softmax', label: 'rows of 1000, dim 1', inputs: { logits: f([6, 1000]) }, attrs: { dim: 1 } });
  cases.push({ kernel: 'Softmax', label: 'one class', inputs: { logits: f([4, 1]) }, attrs: { dim: -1 } });
  for (const [exclusive, reverse] of [[false, false], [true, false], [false, true], [true, true]]) {
    cases.push({ kernel: 'Cumsum', label: `exclusive ${exclusive} reverse ${reverse}`, inputs: { x: f([3, 5]) }, attrs: { axis: 1, exclusive, reverse } });
  }
  cases.push({ kernel: 'BatchMatMul', inputs: { a: f([2, 3, 4]), b: f([2, 4, 5]) }, attrs: { transposeA: false, transposeB: false } });
  cases.push({ kernel: 'BatchMatMul', label: 'broadcast batch', inputs: { a: f([2, 3, 4]), b: f([1, 4, 5]) }, attrs: { transposeA: false, transposeB: false } });
  cases.push({ kernel: 'BatchMatMul', label: 'transposed', inputs: { a: f([2, 4, 3]), b: f([2, 5, 4]) }, attrs: { transposeA: true, transposeB: true } });
  for (const activation of ['linear', 'relu', 'relu6', 'elu', 'sigmoid', 'leakyrelu']) {
    cases.push({ kernel: '_FusedMatMul', label: activation, inputs: { a: f([1, 3, 4]), b: f([1, 4, 5]), bias: f([5]) }, attrs: { transposeA: false, transposeB: false, activation, leakyreluAlpha: 0.1 } });
  }
  cases.push({ kernel: '_FusedMatMul', label: 'prelu transposed', inputs: { a: f([1, 4, 3]), b: f([1, 5, 4]), bias: f([5]), preluActivationWeights: f([5]) }, attrs: { transposeA: true, transposeB: true, activation: 'prelu' } });
  cases.push({ kernel: '_FusedMatMul', label: 'no bias', inputs: { a: f([1, 3, 4]), b: f([1, 4, 5]) }, attrs: { transposeA: false, transposeB: false, activation: 'relu' } });
  return cases;
}

function shapeCases(): KernelCase[] {
  const cases: KernelCase[] = [
    { kernel: 'Reshape', inputs: { x: f([2, 3, 4]) }, attrs: { shape: [4, -1] } },
    { kernel: 'Reshape', label: 'after transpose', inputs: { x: f([2, 3, 4]) }, attrs: { shape: [24] } },
    { kernel: 'ExpandDims', label: 'last (-1)', inputs: { input: f([2, 3]) }, attrs: { dim: -1 } },
    { kernel: 'ExpandDims', label: 'first, int32', inputs: { input: i([2, 3]) }, attrs: { dim: 0 } },
    { kernel: 'ExpandDims', label: 'before the last (-2)', inputs: { input: f([4]) }, attrs: { dim: -2 } },
    { kernel: 'Transpose', inputs: { x: f([2, 3, 4]) }, attrs: { perm: [2, 0, 1] } },
    { kernel: 'Transpose', label: 'int32', inputs: { x: i([2, 3]) }, attrs: { perm: [1, 0] } },
    { kernel: 'Concat', inputs: [f([2, 3]), f([2, 1]), f([2, 0])], attrs: { axis: 1 } },
    { kernel: 'Concat', label: 'axis 0 int32', inputs: [i([1, 3]), i([2, 3])], attrs: { axis: 0 } },
    { kernel: 'Pack', inputs: [f([2, 3]), f([2, 3])], attrs: { axis: 1 } },
    { kernel: 'Pack', label: 'axis -1', inputs: [i([2]), i([2]), i([2])], attrs: { axis: -1 } },
    { kernel: 'Unpack', inputs: { value: f([3, 4]) }, attrs: { axis: 1 } },
    { kernel: 'Slice', inputs: { x: f([4, 5, 6]) }, attrs: { begin: [1, 0, 2], size: [2, -1, 3] } },
    { kernel: 'Slice', label: 'bool', inputs: { x: b([6]) }, attrs: { begin: [2], size: [3] } },
    { kernel: 'Tile', inputs: { x: f([2, 3]) }, attrs: { reps: [2, 3] } },
    { kernel: 'Tile', label: 'int32', inputs: { x: i([3]) }, attrs: { reps: [4] } },
    { kernel: 'GatherV2', inputs: { x: f([5, 3]), indices: { shape: [4], dtype: 'int32', domain: 'index', max: 5 } }, attrs: { axis: 0, batchDims: 0 } },
    { kernel: 'GatherV2', label: 'axis 1, 2-D indices', inputs: { x: f([2, 6, 3]), indices: { shape: [2, 2], dtype: 'int32', domain: 'index', max: 6 } }, attrs: { axis: 1, batchDims: 0 } },
    { kernel: 'SplitV', inputs: { x: f([4, 6]) }, attrs: { numOrSizeSplits: [1, 2, 3], axis: 1 } },
    { kernel: 'SplitV', label: 'even', inputs: { x: f([4, 6]) }, attrs: { numOrSizeSplits: 2, axis: 0 } },
    { kernel: 'PadV2', inputs: { x: f([2, 3]) }, attrs: { paddings: [[1, 0], [2, 1]], constantValue: 0.5 } },
    { kernel: 'Reverse', inputs: { x: f([3, 4]) }, attrs: { dims: [1] } },
    { kernel: 'TensorScatterUpdate', label: 'rows', inputs: { tensor: f([5, 3]), indices: { shape: [4, 1], dtype: 'int32', domain: 'index', max: 5 }, updates: f([4, 3]) } },
    { kernel: 'TensorScatterUpdate', label: 'elements of a flat tensor', inputs: { tensor: f([12]), indices: { shape: [6, 1], dtype: 'int32', domain: 'index', max: 12 }, updates: f([6]) } },
    { kernel: 'TensorScatterUpdate', label: 'elements by (row, column)', inputs: { tensor: f([3, 4]), indices: { shape: [5, 2], dtype: 'int32', domain: 'index', max: 3 }, updates: f([5]) } },
    { kernel: 'TensorScatterUpdate', label: 'rows of a 1.1 MB tensor (copied by two threads)', inputs: { tensor: f([1100, 256]), indices: { shape: [7, 1], dtype: 'int32', domain: 'index', max: 1100 }, updates: f([7, 256]) } },
    { kernel: 'TensorScatterUpdate', label: 'int32', inputs: { tensor: i([6]), indices: { shape: [3, 1], dtype: 'int32', domain: 'index', max: 6 }, updates: i([3]) } },
    { kernel: 'OneHot', inputs: { indices: { shape: [5], dtype: 'int32', domain: 'index', max: 4 } }, attrs: { depth: 4, onValue: 1, offValue: 0, dtype: 'float32' } },
    { kernel: 'OneHot', label: 'int32, out of range', inputs: { indices: i([6], 'smallint') }, attrs: { depth: 3, onValue: 5, offValue: -1, dtype: 'int32' } },
    { kernel: 'OneHot', label: 'bool, rank-2 indices, out of range', inputs: { indices: i([2, 3], 'smallint') }, attrs: { depth: 3, onValue: 1, offValue: 0, dtype: 'bool' } },
    { kernel: 'OneHot', label: 'float32, on/off values', inputs: { indices: { shape: [7], dtype: 'int32', domain: 'index', max: 9 } }, attrs: { depth: 9, onValue: 0.25, offValue: -2.5, dtype: 'float32' } },
  ];
  const strided: Array<[string, Record<string, unknown>]> = [
    ['simple', { begin: [1, 0], end: [3, 4], strides: [1, 1] }],
    ['strides 2', { begin: [0, 1], end: [4, 5], strides: [2, 2] }],
    ['negative stride', { begin: [3, 4], end: [0, 0], strides: [-1, -2] }],
    ['masks', { begin: [1, 1], end: [0, 3], strides: [1, 1], beginMask: 1, endMask: 1 }],
    ['shrink', { begin: [2, 0], end: [3, 5], strides: [1, 1], shrinkAxisMask: 1 }],
    ['new axis', { begin: [0, 0, 1], end: [0, 4, 4], strides: [1, 1, 1], newAxisMask: 1 }],
    ['ellipsis', { begin: [0, 1], end: [0, 3], strides: [1, 1], ellipsisMask: 1 }],
  ];
  for (const [label, attrs] of strided) {
    cases.push({ kernel: 'StridedSlice', label, inputs: { x: f([4, 5]) }, attrs: { beginMask: 0, endMask: 0, ellipsisMask: 0, newAxisMask: 0, shrinkAxisMask: 0, ...attrs } });
  }
  return cases;
}

/** Conv/pool geometries: symmetric and asymmetric 'same', 'valid', explicit padding, strides, dilation. */
const CONV_GEOMETRIES: Array<{ label: string; x: number[]; filter: number[]; strides: number | [number, number]; pad: unknown; dilations?: number }> = [
  { label: 'same s1', x: [2, 7, 7, 3], filter: [3, 3, 3, 4], strides: 1, pad: 'same' },
  { label: 'same s2 asymmetric', x: [2, 8, 8, 3], filter: [3, 3, 3, 4], strides: 2, pad: 'same' },
  { label: 'same k2 asymmetric', x: [1, 5, 6, 2], filter: [2, 2, 2, 3], strides: 1, pad: 'same' },
  { label: 'valid s2', x: [2, 9, 7, 3], filter: [3, 3, 3, 2], strides: [2, 1], pad: 'valid' },
  { label: 'explicit', x: [1, 6, 6, 2], filter: [3, 2, 2, 3], strides: 1, pad: [[0, 0], [1, 2], [0, 1], [0, 0]] },
  { label: 'dilation 2 same', x: [1, 9, 9, 2], filter: [3, 3, 2, 3], strides: 1, pad: 'same', dilations: 2 },
  // Pointwise (1x1, no padding): matrix products on the NHWC data, the strided ones on x sampled at the strides.
  { label: '1x1 valid s1', x: [2, 5, 5, 3], filter: [1, 1, 3, 4], strides: 1, pad: 'valid' },
  { label: '1x1 same s2 odd size', x: [2, 7, 5, 3], filter: [1, 1, 3, 2], strides: 2, pad: 'same' },
  { label: '1x1 valid s[2,1]', x: [1, 6, 5, 2], filter: [1, 1, 2, 3], strides: [2, 1], pad: 'valid' },
];

function convCases(): KernelCase[] {
  const cases: KernelCase[] = [];
  for (const g of CONV_GEOMETRIES) {
    const attrs = { strides: g.strides, pad: g.pad, dataFormat: 'NHWC', dilations: g.dilations ?? 1 };
    cases.push({ kernel: 'Conv2D', label: g.label, inputs: { x: f(g.x), filter: f(g.filter) }, attrs });
    if (g.dilations === undefined) {
      const info = tf.backend_util.computeConv2DInfo(g.x as [number, number, number, number], g.filter as [number, number, number, number], g.strides, 1, g.pad as 'same');
      cases.push({ kernel: 'Conv2DBackpropInput', label: g.label, inputs: { dy: f(info.outShape), filter: f(g.filter) }, attrs: { ...attrs, inputShape: g.x } });
      cases.push({ kernel: 'Conv2DBackpropFilter', label: g.label, inputs: { x: f(g.x), dy: f(info.outShape) }, attrs: { ...attrs, filterShape: g.filter } });
    }
  }
  const fused = { strides: 1, pad: 'same', dataFormat: 'NHWC', dilations: 1 };
  cases.push({ kernel: 'FusedConv2D', label: 'bias relu', inputs: { x: f([2, 6, 6, 3]), filter: f([3, 3, 3, 4]), bias: f([4]) }, attrs: { ...fused, activation: 'relu' } });
  cases.push({ kernel: 'FusedConv2D', label: 'no bias linear s2', inputs: { x: f([2, 6, 6, 3]), filter: f([3, 3, 3, 4]) }, attrs: { ...fused, strides: 2, activation: 'linear' } });
  cases.push({ kernel: 'FusedConv2D', label: '1x1 bias relu', inputs: { x: f([2, 4, 4, 3]), filter: f([1, 1, 3, 5]), bias: f([5]) }, attrs: { ...fused, activation: 'relu' } });
  cases.push({ kernel: 'FusedConv2D', label: 'prelu', inputs: { x: f([1, 5, 5, 2]), filter: f([3, 3, 2, 3]), bias: f([3]), preluActivationWeights: f([3]) }, attrs: { ...fused, activation: 'prelu' } });

  const pools: Array<{ label: string; x: number[]; filterSize: number | [number, number]; strides: number | [number, number]; pad: unknown }> = [
    { label: 'same k3 s2', x: [2, 8, 8, 3], filterSize: 3, strides: 2, pad: 'same' },
    { label: 'valid k2 s2', x: [2, 6, 7, 2], filterSize: 2, strides: 2, pad: 'valid' },
    { label: 'same k2 s1', x: [1, 5, 5, 2], filterSize: 2, strides: 1, pad: 'same' },
    { label: 'same 3x2 s[2,1]', x: [1, 7, 6, 2], filterSize: [3, 2], strides: [2, 1], pad: 'same' },
    { label: 'valid k2 s2, 37 channels (vector loop and tail)', x: [3, 6, 4, 37], filterSize: 2, strides: 2, pad: 'valid' },
    { label: 'valid k2 s2, uncovered last row and column', x: [2, 5, 5, 3], filterSize: 2, strides: 2, pad: 'valid' },
    { label: 'same k2 s2, odd size (padded bottom/right)', x: [1, 5, 5, 2], filterSize: 2, strides: 2, pad: 'same' },
  ];
  for (const p of pools) {
    const attrs = { filterSize: p.filterSize, strides: p.strides, pad: p.pad };
    const info = tf.backend_util.computePool2DInfo(p.x as [number, number, number, number], p.filterSize, p.strides, 1, p.pad as 'same');
    cases.push({ kernel: 'MaxPool', label: p.label, inputs: { x: f(p.x) }, attrs });
    cases.push({ kernel: 'AvgPool', label: p.label, inputs: { x: f(p.x) }, attrs });
    cases.push({
      kernel: 'MaxPoolGrad',
      label: p.label,
      inputs: { dy: f(info.outShape), input: f(p.x) },
      attrs,
      derive: (t) => ({ output: tf.maxPool(t['input'] as tf.Tensor4D, p.filterSize, p.strides, p.pad as 'same') }),
    });
    // The cpu backend's AvgPoolGrad divides by the full window even where 'same' padding cuts it (its forward
    // does not): compare only unpadded geometries here; test/avgPoolGrad.test.ts checks the padded ones.
    if (p.pad === 'valid') cases.push({ kernel: 'AvgPoolGrad', label: p.label, inputs: { dy: f(info.outShape), input: f(p.x) }, attrs });
  }
  // Ties (small integers as float32) in overlapping windows: the first maximum of each window gets the gradient.
  cases.push({
    kernel: 'MaxPoolGrad',
    label: 'ties, same k3 s2',
    inputs: { dy: f([2, 4, 4, 5]), input: f([2, 8, 8, 5], 'smallint') },
    attrs: { filterSize: 3, strides: 2, pad: 'same' },
    derive: (t) => ({ output: tf.maxPool(t['input'] as tf.Tensor4D, 3, 2, 'same') }),
  });
  // Ties in windows that tile the image (stride = window: the select path of native/maxPoolGrad.cc), 37 channels.
  cases.push({
    kernel: 'MaxPoolGrad',
    label: 'ties, valid k2 s2, 37 channels',
    inputs: { dy: f([2, 3, 3, 37]), input: f([2, 6, 7, 37], 'smallint') },
    attrs: { filterSize: 2, strides: 2, pad: 'valid' },
    derive: (t) => ({ output: tf.maxPool(t['input'] as tf.Tensor4D, 2, 2, 'valid') }),
  });
  cases.push({
    kernel: 'FusedBatchNorm',
    inputs: { x: f([2, 3, 3, 4]), mean: f([4]), variance: f([4], 'positive'), offset: f([4]), scale: f([4]) },
    attrs: { varianceEpsilon: 1e-3 },
  });
  cases.push({ kernel: 'FusedBatchNorm', label: 'no offset/scale, rank 2', inputs: { x: f([5, 3]), mean: f([3]), variance: f([3], 'positive') }, attrs: { varianceEpsilon: 1e-3 } });
  // many rows (several threads), 37 channels (not a vector width), parameters shaped [1, 1, 1, C]
  cases.push({
    kernel: 'FusedBatchNorm',
    label: '[64, 9, 9, 37], parameters [1, 1, 1, 37]',
    inputs: { x: f([64, 9, 9, 37]), mean: f([1, 1, 1, 37]), variance: f([1, 1, 1, 37], 'positive'), offset: f([1, 1, 1, 37]), scale: f([1, 1, 1, 37]) },
    attrs: { varianceEpsilon: 1e-3 },
  });
  return cases;
}

/** Every kernel case, table-driven; each native kernel must appear at least once (checked by the test). */
export const kernelCases: readonly KernelCase[] = [...unaryCases(), ...binaryCases(), ...reduceCases(), ...shapeCases(), ...convCases()];
