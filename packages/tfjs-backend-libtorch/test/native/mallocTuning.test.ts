import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isLibtorchAvailable } from '../../src/index.js';
import { loadAddon } from '../../src/native/loadAddon.js';

const ADDON_FILE = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'build', 'Release', 'tfjs_libtorch.node');
const PAGES_PER_TENSOR = (2_097_152 * 4) / 4096;

// Page faults over 40 rounds of four live 8 MiB tensors (filled, then freed together), after ten warm-up rounds
// (the heap grows to its working size during the first rounds, by an amount that varies from run to run).
// Run as source text so that a child process with other environment variables can measure the same thing.
const MEASURE_FAULTS = `
const addon = require(${JSON.stringify(ADDON_FILE)});
const fill = addon.opNames().indexOf('Fill');
const round = () => {
  const ids = [0, 1, 2, 3].map(() => addon.call(fill, [], [0, 2097152], [1])[0][0]);
  for (const id of ids) addon.free(id);
};
for (let k = 0; k < 10; k++) round();
const before = process.resourceUsage().minorPageFault;
for (let k = 0; k < 40; k++) round();
console.log(JSON.stringify({ tuned: addon.mallocTuned, faults: process.resourceUsage().minorPageFault - before }));
`;

function measureInChild(env: Record<string, string>): { tuned: boolean; faults: number } {
  const out = execFileSync(process.execPath, ['-e', MEASURE_FAULTS], { env: { ...process.env, ...env }, encoding: 'utf8' });
  return JSON.parse(out) as { tuned: boolean; faults: number };
}

describe.skipIf(!isLibtorchAvailable())('glibc malloc tuning (native/mallocTuning.cc)', () => {
  it('is applied when the addon loads', () => {
    if (process.env['TFJS_LIBTORCH_MALLOC_TUNING'] === '0' || (process.env['GLIBC_TUNABLES'] ?? '').includes('glibc.malloc.')) return;
    expect(loadAddon().addon?.mallocTuned).toBe(true);
  });

  it('reuses freed tensor memory: 160 tensors of 8 MiB fault in under a quarter of the pages they span', () => {
    const tuned = measureInChild({ TFJS_LIBTORCH_MALLOC_TUNING: '1', GLIBC_TUNABLES: '' });
    expect(tuned.tuned).toBe(true);
    // measured: 0 to 11 tensors' worth of fresh pages over 160 allocations; untuned about 160 tensors' worth
    expect(tuned.faults).toBeLessThan(40 * PAGES_PER_TENSOR);
  });

  it('can be switched off with TFJS_LIBTORCH_MALLOC_TUNING=0, and then memory comes back as fresh pages', () => {
    const untuned = measureInChild({ TFJS_LIBTORCH_MALLOC_TUNING: '0', GLIBC_TUNABLES: '' });
    expect(untuned.tuned).toBe(false);
    expect(untuned.faults).toBeGreaterThan(120 * PAGES_PER_TENSOR);
  });

  it('leaves the choice to a user who sets glibc malloc tunables', () => {
    const user = measureInChild({ GLIBC_TUNABLES: 'glibc.malloc.trim_threshold=1048576' });
    expect(user.tuned).toBe(false);
  });
});
