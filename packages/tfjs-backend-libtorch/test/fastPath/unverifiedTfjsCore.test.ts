// Another tfjs-core release: importing still never throws, but backend 'libtorch' is registered as unavailable with
// the reason, and an explicit registration throws it. tfjs-core's version is faked for this file's module graph.
import { describe, expect, it, vi } from 'vitest';

vi.mock('@tensorflow/tfjs-core', async (importOriginal) => ({ ...(await importOriginal<Record<string, unknown>>()), version_core: '4.23.0' }));

describe('an unverified tfjs-core release', () => {
  it('makes the libtorch backend unavailable with a clear reason instead of running the fast path', async () => {
    const tf = await import('@tensorflow/tfjs-core');
    await import('@tensorflow/tfjs-backend-cpu');
    const { registerLibtorchBackend, LibtorchBackendError } = await import('../../src/index.js');
    expect(tf.version_core).toBe('4.23.0');
    expect(() => registerLibtorchBackend()).toThrow(LibtorchBackendError);
    expect(() => registerLibtorchBackend()).toThrow("'@tensorflow/tfjs-core' must be version 4.22.x");
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    expect(await tf.setBackend('libtorch')).toBe(false);
    expect(warn.mock.calls.flat().join('\n')).toContain(
      "tf.setBackend('libtorch'): tfjs-backend-libtorch must register; got: tfjs-backend-libtorch: '@tensorflow/tfjs-core' must be version 4.22.x",
    );
    warn.mockRestore();
  });
});
