import {
  DataStorage,
  KernelBackend,
  engine,
  util,
  type BackendTimingInfo,
  type BackendValues,
  type DataId,
  type DataType,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import type { NativeAddon } from './native/NativeAddon.js';

/** What the backend keeps per TF.js data id: a native tensor id, or (for strings only) the values in JS. */
/**
 * A result not computed yet (see `src/kernels/deferredMoments.ts`): `materialize` computes it as a fresh backend
 * tensor, `release` drops what the recipe holds. Any access through `nativeId` or `readSync` materializes it.
 */
export interface Deferred {
  /** What the recipe computes, for kernels that can consume it without materializing. */
  readonly recipe: unknown;
  materialize(): TensorInfo;
  release(): void;
}

interface Entry {
  refCount: number;
  readonly shape: number[];
  readonly dtype: DataType;
  nativeId?: number;
  readonly strings?: Uint8Array[];
  deferred?: Deferred;
}

const DTYPE_CODE: Partial<Record<DataType, number>> = { float32: 0, int32: 1, bool: 2 };
const CODE_DTYPE: readonly DataType[] = ['float32', 'int32', 'bool'];

/** TF.js dtype -> native dtype code (0 float32, 1 int32, 2 bool); throws for string/complex64. */
export function dtypeCode(dtype: DataType): number {
  const code = DTYPE_CODE[dtype];
  if (code === undefined) throw new Error(`libtorch backend: dtype '${dtype}' is not supported natively`);
  return code;
}

function typedFor(values: BackendValues, dtype: DataType): Float32Array | Int32Array | Uint8Array {
  if (dtype === 'float32') return values instanceof Float32Array ? values : new Float32Array(values as ArrayLike<number>);
  if (dtype === 'int32') return values instanceof Int32Array ? values : new Int32Array(values as ArrayLike<number>);
  return values instanceof Uint8Array ? values : new Uint8Array(values as ArrayLike<number>);
}

/**
 * A TensorFlow.js `KernelBackend` whose tensor data live in libtorch (CPU). Data ids map to native tensor ids;
 * `disposeData` frees native memory at once. Kernels are registered separately (see `registerLibtorchBackend`).
 */
export class LibtorchBackend extends KernelBackend {
  readonly addon: NativeAddon;
  private readonly data: DataStorage<Entry>;
  /** Native ids owned by this backend (DataStorage is a WeakMap and cannot be enumerated on dispose). */
  private readonly live = new Set<number>();
  private readonly disposeHooks = new Map<DataId, () => void>();

  constructor(addon: NativeAddon) {
    super();
    this.addon = addon;
    this.data = new DataStorage<Entry>(this, engine());
  }

  override write(values: BackendValues, shape: number[], dtype: DataType): DataId {
    const dataId = {};
    this.move(dataId, values, shape, dtype, 1);
    return dataId;
  }

  override move(dataId: DataId, values: BackendValues, shape: number[], dtype: DataType, refCount: number): void {
    if (dtype === 'string') {
      this.data.set(dataId, { refCount, shape, dtype, strings: values as Uint8Array[] });
      return;
    }
    const nativeId = this.addon.fromArray(typedFor(values, dtype), shape, dtypeCode(dtype));
    this.live.add(nativeId);
    this.data.set(dataId, { refCount, shape, dtype, nativeId });
  }

  /** Wraps a native tensor `[id, dtypeCode, ...shape]` (as returned by `addon.call`) as a new TensorInfo. */
  adopt(described: readonly number[]): TensorInfo {
    const [nativeId, code, ...shape] = described;
    const dtype = CODE_DTYPE[code ?? -1];
    if (nativeId === undefined || dtype === undefined) throw new Error('libtorch backend: malformed native result');
    const dataId = {};
    this.live.add(nativeId);
    this.data.set(dataId, { refCount: 1, shape, dtype, nativeId });
    return { dataId, shape, dtype };
  }

  /** Native tensor id behind a TensorInfo of this backend. */
  /** A tensor of `shape` whose values `deferred` computes on first access. */
  makeDeferred(shape: number[], dtype: DataType, deferred: Deferred): TensorInfo {
    const dataId = {};
    this.data.set(dataId, { refCount: 1, shape, dtype, deferred });
    return { dataId, shape, dtype };
  }

  /** The recipe of a not yet computed tensor, or undefined. */
  deferredOf(info: TensorInfo): Deferred | undefined {
    return this.data.has(info.dataId) ? this.data.get(info.dataId).deferred : undefined;
  }

  private materialize(entry: Entry): void {
    const deferred = entry.deferred;
    if (deferred === undefined) return;
    const out = deferred.materialize();
    const produced = this.data.get(out.dataId);
    entry.nativeId = produced.nativeId;
    this.data.delete(out.dataId);
    entry.deferred = undefined;
    deferred.release();
  }

  nativeId(info: TensorInfo): number {
    const entry = this.data.get(info.dataId);
    this.materialize(entry);
    if (entry.nativeId === undefined) throw new Error(`libtorch backend: dtype '${entry.dtype}' has no native tensor`);
    return entry.nativeId;
  }

  /** Stores values computed elsewhere (the cpu fallback) as a new TensorInfo. */
  makeInfo(values: BackendValues, shape: number[], dtype: DataType): TensorInfo {
    return { dataId: this.write(values, shape, dtype), shape, dtype };
  }

  override readSync(dataId: DataId): BackendValues {
    const entry = this.data.get(dataId);
    if (entry.strings !== undefined) return entry.strings;
    this.materialize(entry);
    if (entry.nativeId === undefined) throw new Error('libtorch backend: no data');
    return this.addon.toArray(entry.nativeId);
  }

  override read(dataId: DataId): Promise<BackendValues> {
    return Promise.resolve(this.readSync(dataId));
  }

  override disposeData(dataId: DataId, force = false): boolean {
    if (!this.data.has(dataId)) return true;
    const entry = this.data.get(dataId);
    entry.refCount--;
    if (!force && entry.refCount > 0) return false;
    entry.deferred?.release();
    if (entry.nativeId !== undefined) {
      this.addon.free(entry.nativeId);
      this.live.delete(entry.nativeId);
    }
    this.data.delete(dataId);
    const hook = this.disposeHooks.get(dataId);
    if (hook !== undefined) {
      this.disposeHooks.delete(dataId);
      hook();
    }
    return true;
  }

  /** Runs `hook` once when the tensor of `info` is freed (its last reference disposed). */
  onDispose(info: TensorInfo, hook: () => void): void {
    this.disposeHooks.set(info.dataId, hook);
  }

  override refCount(dataId: DataId): number {
    return this.data.has(dataId) ? this.data.get(dataId).refCount : 0;
  }

  override incRef(dataId: DataId): void {
    this.data.get(dataId).refCount++;
  }

  override numDataIds(): number {
    return this.data.numDataIds();
  }

  /** Merged into `tf.memory()`: bytes held by libtorch storages and the number of live native tensors. */
  override memory(): { unreliable: boolean; numBytesInLibtorch: number; numNativeTensors: number } {
    return { unreliable: false, numBytesInLibtorch: this.addon.bytes(), numNativeTensors: this.addon.count() };
  }

  override async time(f: () => void): Promise<BackendTimingInfo> {
    const start = util.now();
    f();
    return { kernelMs: util.now() - start };
  }

  override floatPrecision(): 16 | 32 {
    return 32;
  }

  override epsilon(): number {
    return 1e-7;
  }

  override dispose(): void {
    // The engine disposes the backend on tf.engine().reset() / removeBackend: release every native tensor.
    for (const nativeId of this.live) this.addon.free(nativeId);
    this.live.clear();
  }
}
