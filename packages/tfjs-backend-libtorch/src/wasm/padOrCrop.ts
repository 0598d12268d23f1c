import type { TensorInfo } from '@tensorflow/tfjs-core';
import type { AxisPadding } from './convGeometry.js';
import type { KernelScratch } from './kernelScratch.js';

/**
 * Crops the negative parts of `rows`/`cols` padding from the spatial axes (1 and 2) of an NHWC-like
 * tensor, and returns the input unchanged when nothing is negative. The positive parts are left to the
 * convolution's own explicit padding.
 *
 * @returns the cropped tensor and the padding that remains (all amounts ≥ 0).
 * @example
 * cropNegativePadding(s, x, { before: 1, after: -2 }, { before: 0, after: 0 });
 * // x without its last 2 rows, rows padding { before: 1, after: 0 }
 */
export function cropNegativePadding(
  s: KernelScratch,
  x: TensorInfo,
  rows: AxisPadding,
  cols: AxisPadding,
): { readonly x: TensorInfo; readonly rows: AxisPadding; readonly cols: AxisPadding } {
  const [n, h, w, c] = x.shape as [number, number, number, number];
  const top = Math.max(0, -rows.before);
  const bottom = Math.max(0, -rows.after);
  const left = Math.max(0, -cols.before);
  const right = Math.max(0, -cols.after);
  const remaining = {
    rows: { before: Math.max(0, rows.before), after: Math.max(0, rows.after) },
    cols: { before: Math.max(0, cols.before), after: Math.max(0, cols.after) },
  };
  if (top + bottom + left + right === 0) return { x, ...remaining };
  const cropped = s.run('Slice', { x }, { begin: [0, top, left, 0], size: [n, h - top - bottom, w - left - right, c] });
  return { x: cropped, ...remaining };
}

/**
 * Explicit NHWC padding for the Conv2D kernel from non-negative row and column padding.
 * @example
 * explicitPad({ before: 1, after: 2 }, { before: 0, after: 1 }); // [[0, 0], [1, 2], [0, 1], [0, 0]]
 */
export function explicitPad(rows: AxisPadding, cols: AxisPadding): [[number, number], [number, number], [number, number], [number, number]] {
  return [
    [0, 0],
    [rows.before, rows.after],
    [cols.before, cols.after],
    [0, 0],
  ];
}
