import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll } from 'vitest';
import { registerLibtorchBackend } from '../../src/index.js';

/**
 * Test-suite setup for comparing the libtorch backend with cpu: registers and initialises 'libtorch' once
 * (so its kernels and gradient overrides are in place), starts the tests on 'cpu', and leaves 'cpu' active.
 * Call it inside a `describe` block. `register` is this package's source by default; a sibling package's tests
 * pass the `registerLibtorchBackend` of the built package they import (cbloss's libtorchLosses.test.ts).
 */
export function useLibtorchThenCpu(register: () => boolean = registerLibtorchBackend): void {
  beforeAll(async () => {
    register();
    await tf.setBackend('libtorch');
    await tf.setBackend('cpu');
  });
  afterAll(async () => {
    await tf.setBackend('cpu');
  });
}
