import { getKernel, registerKernel, unregisterKernel, util, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';
import type { Deferred, LibtorchBackend } from '../LibtorchBackend.js';
import { callNative1, type KernelArgs } from './nativeCall.js';

/** `op(a, b)` not computed yet; `a` and `b` are views the recipe owns. */
interface Recipe {
  readonly op: 'Sub' | 'SquaredDifference';
  readonly a: TensorInfo;
  readonly b: TensorInfo;
}

/** A view of `info` (shares its storage, keeps it alive) owned by the caller. */
function retain(backend: LibtorchBackend, info: TensorInfo): TensorInfo {
  return callNative1(backend, 'Reshape', [info], info.shape);
}

function defer(backend: LibtorchBackend, op: Recipe['op'], a: TensorInfo, b: TensorInfo): TensorInfo {
  const recipe: Recipe = { op, a: retain(backend, a), b: retain(backend, b) };
  const deferred: Deferred = {
    recipe,
    materialize: () => callNative1(backend, op, [recipe.a, recipe.b]),
    release: () => {
      backend.disposeData(recipe.a.dataId);
      backend.disposeData(recipe.b.dataId);
    },
  };
  return backend.makeDeferred(a.shape.slice(), a.dtype, deferred);
}

function recipeOf(backend: LibtorchBackend, info: TensorInfo | undefined): Recipe | undefined {
  return info === undefined ? undefined : (backend.deferredOf(info)?.recipe as Recipe | undefined);
}

/** True for float32 `b` of shape [1, .., 1, C] against float32 `a` of shape [.., C] (a per-channel shift). */
function channelShift(a: TensorInfo, b: TensorInfo): boolean {
  const rank = a.shape.length;
  const channels = a.shape[rank - 1];
  return a.dtype === 'float32' && b.dtype === 'float32' && rank >= 2 && b.shape.length === rank &&
    b.shape[rank - 1] === channels && b.shape.slice(0, -1).every((d) => d === 1);
}

function wrap(backendName: string, kernelName: string, run: (args: KernelArgs, original: () => TensorInfo | TensorInfo[]) => TensorInfo | TensorInfo[]): void {
  const config = getKernel(kernelName, backendName);
  if (config === undefined) return;
  unregisterKernel(kernelName, backendName);
  const kernelFunc = (params: unknown): TensorInfo | TensorInfo[] =>
    run(params as KernelArgs, () => config.kernelFunc(params as Parameters<KernelFunc>[0]));
  registerKernel({ kernelName, backendName, kernelFunc: kernelFunc as unknown as KernelFunc });
}

/**
 * The variance of `tf.moments(x, [0, .., rank-2])` — mean(square(sub(x, mean))) — in one pass over x, without
 * the two full-size intermediates, while the results stay unobserved:
 * - `Sub(x, m)` with m of shape [1, .., 1, C] returns a deferred tensor (nothing computed);
 * - `Square` of such a deferred difference returns a deferred squared difference; `Identity` (the engine's clone
 *   of a tensor saved for a gradient) of a deferred tensor is deferred too;
 * - `Mean` of a deferred squared difference over all axes but the last runs `ChannelMeanSquaredDiff`.
 * Any other use of a deferred tensor (another kernel, a read) computes it then, with the same kernels and
 * roundings as without deferral (`Sub`, `SquaredDifference`), so values never differ.
 */
export function registerDeferredMoments(backendName: string): void {
  wrap(backendName, 'Sub', (args, original) => {
    const { a, b } = args.inputs;
    if (a === undefined || b === undefined || !channelShift(a, b) || args.backend.deferredOf(a) || args.backend.deferredOf(b)) return original();
    return defer(args.backend, 'Sub', a, b);
  });
  wrap(backendName, 'Square', (args, original) => {
    const recipe = recipeOf(args.backend, args.inputs['x']);
    return recipe?.op === 'Sub' ? defer(args.backend, 'SquaredDifference', recipe.a, recipe.b) : original();
  });
  wrap(backendName, 'Identity', (args, original) => {
    const recipe = recipeOf(args.backend, args.inputs['x']);
    return recipe === undefined ? original() : defer(args.backend, recipe.op, recipe.a, recipe.b);
  });
  wrap(backendName, 'Mean', (args, original) => {
    const x = args.inputs['x'];
    const recipe = recipeOf(args.backend, x);
    if (x === undefined || recipe?.op !== 'SquaredDifference' || args.attrs['keepDims'] === true) return original();
    const axes = [...util.parseAxisParam(args.attrs['axis'] as number | number[], x.shape)].sort((p, q) => p - q);
    if (axes.length !== x.shape.length - 1 || !axes.every((axis, k) => axis === k)) return original();
    return callNative1(args.backend, 'ChannelMeanSquaredDiff', [recipe.a, recipe.b]);
  });
}
