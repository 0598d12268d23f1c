/**
 * The shape of the compiled addon (`build/Release/tfjs_libtorch.node`, sources in `native/*.cc`).
 *
 * Tensors live in a C++ store keyed by numeric id; JavaScript holds the ids. Dtype codes: 0 float32, 1 int32,
 * 2 bool. Every C++ exception surfaces as a JavaScript `Error` whose message starts with `libtorch: `.
 */
export interface NativeAddon {
  /** Copies `values` into a new libtorch tensor of `shape` and dtype code; returns its id. */
  fromArray(values: Float32Array | Int32Array | Uint8Array, shape: readonly number[], dtype: number): number;
  /** Copies a tensor's values out, in row-major order. */
  toArray(id: number): Float32Array | Int32Array | Uint8Array;
  /** Frees a tensor at once (its storage goes when no view shares it). Unknown ids are ignored. */
  free(id: number): void;
  /** Number of live tensor ids. */
  count(): number;
  /** Bytes held by live storages, each counted once. */
  bytes(): number;
  /** `[id, dtypeCode, ...shape]` of a live tensor. */
  describe(id: number): number[];
  /** Names of the native ops, in index order. */
  opNames(): string[];
  /** Runs op `op` (an index into `opNames()`) and returns `[id, dtypeCode, ...shape]` per output. */
  call(op: number, inputIds: readonly number[], ints: readonly number[], floats: readonly number[]): number[][];
  setThreads(n: number): void;
  getThreads(): number;
  /** Whether the addon set glibc's malloc thresholds at load (see `native/mallocTuning.cc`). */
  readonly mallocTuned: boolean;
}
