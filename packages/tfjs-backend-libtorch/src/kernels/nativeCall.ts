import type { NamedAttrMap, NamedTensorInfoMap, TensorInfo } from '@tensorflow/tfjs-core';
import type { LibtorchBackend } from '../LibtorchBackend.js';

/** Arguments the engine passes to a kernel of the `libtorch` backend. */
export interface KernelArgs {
  readonly inputs: NamedTensorInfoMap;
  readonly backend: LibtorchBackend;
  readonly attrs: NamedAttrMap;
}

/** A kernel implementation; `fallback` runs the `cpu` backend's kernel of the same name on copies. */
export type NativeKernel = (args: KernelArgs, fallback: () => TensorInfo | TensorInfo[]) => TensorInfo | TensorInfo[];

/** One native kernel: the TF.js kernel name and its implementation. */
export interface NativeKernelSpec {
  readonly name: string;
  readonly run: NativeKernel;
}

const opIndexCache = new WeakMap<object, Map<string, number>>();

function opIndex(backend: LibtorchBackend, op: string): number {
  let table = opIndexCache.get(backend.addon);
  if (table === undefined) {
    table = new Map(backend.addon.opNames().map((name, index) => [name, index] as const));
    opIndexCache.set(backend.addon, table);
  }
  const index = table.get(op);
  if (index === undefined) throw new Error(`libtorch backend: no native op '${op}'`);
  return index;
}

/**
 * Runs native op `op` on `inputs` with integer and float attributes (the order each op expects is documented
 * next to it in `native/ops_*.cc`) and wraps every output as a TensorInfo of `backend`.
 */
export function callNative(
  backend: LibtorchBackend,
  op: string,
  inputs: readonly TensorInfo[],
  ints: readonly number[] = [],
  floats: readonly number[] = [],
): TensorInfo[] {
  const ids = inputs.map((input) => backend.nativeId(input));
  return backend.addon.call(opIndex(backend, op), ids, ints, floats).map((described) => backend.adopt(described));
}

/** `callNative` for single-output ops. */
export function callNative1(
  backend: LibtorchBackend,
  op: string,
  inputs: readonly TensorInfo[],
  ints: readonly number[] = [],
  floats: readonly number[] = [],
): TensorInfo {
  const [out] = callNative(backend, op, inputs, ints, floats);
  if (out === undefined) throw new Error(`libtorch backend: op '${op}' returned nothing`);
  return out;
}

/** The named input, which the kernel requires. */
export function input(args: KernelArgs, name: string): TensorInfo {
  const info = args.inputs[name];
  if (info === undefined || info === null) throw new Error(`libtorch backend: missing input '${name}'`);
  return info;
}

/** All inputs of a variadic kernel (Concat, Pack, AddN), in order. */
export function inputList(args: KernelArgs): TensorInfo[] {
  return Object.values(args.inputs).filter((info): info is TensorInfo => info !== undefined && info !== null);
}

/** True when every input has a dtype libtorch holds natively (float32, int32, bool). */
export function allNative(args: KernelArgs): boolean {
  return inputList(args).every((info) => info.dtype === 'float32' || info.dtype === 'int32' || info.dtype === 'bool');
}
