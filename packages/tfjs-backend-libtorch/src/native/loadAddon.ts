import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { NativeAddon } from './NativeAddon.js';

/** The addon, or why it could not be loaded. */
export type AddonLoad = { readonly addon: NativeAddon; readonly reason?: undefined } | { readonly addon?: undefined; readonly reason: string };

let cached: AddonLoad | undefined;

/**
 * Loads `build/Release/tfjs_libtorch.node` (relative to the package root) once, never throwing: a missing
 * build or a missing libtorch shared library gives `{reason}` instead.
 */
export function loadAddon(): AddonLoad {
  if (cached !== undefined) return cached;
  const requireHere = createRequire(import.meta.url);
  // Found by the package's own name, so from src/, dist/ and dist/cjs/ alike.
  const packageRoot = dirname(requireHere.resolve('tfjs-backend-libtorch/package.json'));
  const candidates = ['build/Release/tfjs_libtorch.node', 'build/Debug/tfjs_libtorch.node'].map((p) => join(packageRoot, p));
  const file = candidates.find((c) => existsSync(c));
  if (file === undefined) {
    cached = { reason: `native addon not built (expected ${candidates[0] ?? ''}); install libtorch-dev and reinstall the package` };
    return cached;
  }
  // libgomp reads its settings when libtorch loads. Its default (active spinning at barriers) made a small
  // convolution 30x slower on a loaded 2-core machine (load 12: 5.4 ms vs 0.18 ms passive); idle, passive costs
  // little. Users may still choose by setting OMP_WAIT_POLICY themselves.
  if (process.env['OMP_WAIT_POLICY'] === undefined) process.env['OMP_WAIT_POLICY'] = 'PASSIVE';
  try {
    cached = { addon: requireHere(file) as NativeAddon };
  } catch (error) {
    cached = { reason: `native addon failed to load: ${error instanceof Error ? error.message : String(error)}` };
  }
  return cached;
}
