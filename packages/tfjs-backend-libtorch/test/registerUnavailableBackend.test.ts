import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { LibtorchBackendError } from '../src/LibtorchBackendError.js';
import { afterAll, describe, expect, it, vi } from 'vitest';
// Not the package index: importing it would register the real backend.
import { registerUnavailableBackend } from '../src/registerUnavailableBackend.js';

describe('registerUnavailableBackend (the import-time registration without the native addon)', () => {
  afterAll(async () => {
    vi.restoreAllMocks();
    await tf.setBackend('cpu');
  });

  it("makes tf.setBackend('libtorch') resolve to false and log why, instead of 'not found in registry'", async () => {
    expect(tf.findBackendFactory('libtorch')).toBeNull();
    registerUnavailableBackend('native addon not built (expected build/Release/tfjs_libtorch.node)');
    expect(tf.findBackendFactory('libtorch')).not.toBeNull();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    expect(await tf.setBackend('libtorch')).toBe(false);
    const logged = warn.mock.calls.map((args) => args.join(' ')).join('\n');
    expect(logged).toContain('Initialization of backend libtorch failed');
    expect(logged).toContain(
      "tf.setBackend('libtorch'): the native addon of tfjs-backend-libtorch must load; got: native addon not built (expected build/Release/tfjs_libtorch.node).",
    );
    warn.mockRestore();
    expect(await tf.setBackend('cpu')).toBe(true);
  });

  it('fails with a LibtorchBackendError not-found, and never becomes the implicit choice (priority 0)', () => {
    const factory = tf.findBackendFactory('libtorch');
    expect(factory).not.toBeNull();
    let thrown: unknown;
    try {
      factory?.();
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(LibtorchBackendError);
    expect((thrown as LibtorchBackendError).code).toBe('not-found');
    expect(tf.engine().registryFactory['libtorch']?.priority).toBe(0);
  });

  it('does nothing when a libtorch backend is already registered', () => {
    const factory = tf.findBackendFactory('libtorch');
    registerUnavailableBackend('another reason');
    expect(tf.findBackendFactory('libtorch')).toBe(factory);
  });
});
