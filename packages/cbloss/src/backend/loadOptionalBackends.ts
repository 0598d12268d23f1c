/** The part of `tfjs-backend-libtorch` that backend selection uses. */
export interface LibtorchModule {
  isLibtorchAvailable(): boolean;
  libtorchUnavailableReason(): string | undefined | null;
  registerLibtorchBackend(): boolean;
  setThreads(n: number): void;
  getThreads(): number;
}

/** The native backend when it loaded, or why it did not. Never throws. */
export type LibtorchLoad = { readonly ok: true; readonly module: LibtorchModule } | { readonly ok: false; readonly reason: string };

// Specifiers held in variables: TypeScript does not resolve them, so cbloss builds (and runs, on wasm/cpu)
// whatever state the optional native package is in; the shapes are checked at run time instead.
const LIBTORCH_SPECIFIER = 'tfjs-backend-libtorch';
const WASM_KERNELS_SPECIFIER = 'tfjs-backend-libtorch/wasm-training-kernels';

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message.split('\n')[0]! : String(error);
}

/**
 * Imports `tfjs-backend-libtorch` dynamically and asks whether its native addon loaded, so that `cbloss`
 * still works (with wasm or cpu) when the package, libtorch or the compiled addon is missing.
 *
 * @example
 * const loaded = await loadLibtorch();
 * if (!loaded.ok) console.error(loaded.reason); // e.g. 'libtorch.so.2: cannot open shared object file'
 */
export async function loadLibtorch(): Promise<LibtorchLoad> {
  let module: Partial<LibtorchModule>;
  try {
    module = (await import(LIBTORCH_SPECIFIER)) as Partial<LibtorchModule>;
  } catch (error) {
    return { ok: false, reason: `cannot import tfjs-backend-libtorch: ${messageOf(error)}` };
  }
  const required = ['isLibtorchAvailable', 'libtorchUnavailableReason', 'registerLibtorchBackend', 'setThreads', 'getThreads'] as const;
  const missing = required.filter((name) => typeof module[name] !== 'function');
  if (missing.length > 0) return { ok: false, reason: `tfjs-backend-libtorch does not export ${missing.join(', ')}` };
  const full = module as LibtorchModule;
  try {
    if (!full.isLibtorchAvailable()) return { ok: false, reason: full.libtorchUnavailableReason() ?? 'native addon not loaded' };
  } catch (error) {
    return { ok: false, reason: messageOf(error) };
  }
  return { ok: true, module: full };
}

/**
 * Registers the gradient kernels the stock wasm backend lacks (from
 * `tfjs-backend-libtorch/wasm-training-kernels`). Returns `undefined` on success, else why it failed
 * (training on wasm then falls back to whatever kernels tfjs has). Never throws.
 */
export async function loadWasmTrainingKernels(): Promise<string | undefined> {
  try {
    const module = (await import(WASM_KERNELS_SPECIFIER)) as { registerWasmTrainingKernels?: () => unknown };
    if (typeof module.registerWasmTrainingKernels !== 'function') return 'tfjs-backend-libtorch/wasm-training-kernels does not export registerWasmTrainingKernels';
    module.registerWasmTrainingKernels();
    return undefined;
  } catch (error) {
    return messageOf(error);
  }
}
