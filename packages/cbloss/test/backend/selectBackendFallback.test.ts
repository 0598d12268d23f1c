import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it, vi } from 'vitest';
import { CblossError } from '../../src/CblossError.js';

// The native backend as it looks on a machine without libtorch: the package imports, the addon does not load.
const REASON = 'libtorch.so.2: cannot open shared object file';
vi.mock('tfjs-backend-libtorch', () => ({
  isLibtorchAvailable: () => false,
  libtorchUnavailableReason: () => REASON,
  registerLibtorchBackend: () => false,
  setThreads: () => undefined,
  getThreads: () => 1,
}));

const { selectBackend, LIBTORCH_INSTALL_HINT } = await import('../../src/backend/selectBackend.js');

describe('selectBackend without libtorch', () => {
  it("'auto' falls back to wasm with exactly the one-line notice", async () => {
    const logged: string[] = [];
    const result = await selectBackend('auto', { log: (line) => logged.push(line) });
    expect(result).toEqual({ backend: 'wasm', notice: `libtorch unavailable (${REASON}); using wasm` });
    expect(logged).toEqual([`libtorch unavailable (${REASON}); using wasm`]);
    expect(tf.getBackend()).toBe('wasm');
  });

  it("'libtorch' throws not-found with the reason and how to install it", async () => {
    const error = await selectBackend('libtorch').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CblossError);
    expect((error as CblossError).code).toBe('not-found');
    expect((error as Error).message).toBe(
      `selectBackend: the 'libtorch' backend must be available; got: ${REASON}. Install it with: ${LIBTORCH_INSTALL_HINT}.`,
    );
  });
});
