// One comparison helper with one tolerance policy (float32 results vs float64 references). NaN always fails.

/** |actual - expected| <= max(absTol, relTol·|expected|), element-wise, with a readable failure. */
export function expectClose(
  actual: ArrayLike<number> | number,
  expected: ArrayLike<number> | number,
  { relTol = 1e-4, absTol = 1e-5, what = 'value' }: { relTol?: number; absTol?: number; what?: string } = {},
): void {
  const a = typeof actual === 'number' ? [actual] : Array.from(actual);
  const e = typeof expected === 'number' ? [expected] : Array.from(expected);
  if (a.length !== e.length) throw new Error(`${what}: length ${a.length} != expected ${e.length}`);
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as number;
    const y = e[i] as number;
    const tolerance = Math.max(absTol, relTol * Math.abs(y));
    if (!Number.isFinite(x) || !(Math.abs(x - y) <= tolerance)) {
      throw new Error(`${what}[${i}]: got ${x}, expected ${y} (|diff| ${Math.abs(x - y)} > tol ${tolerance})`);
    }
  }
}

/** Fails when any value is NaN or ±Infinity. */
export function expectAllFinite(values: ArrayLike<number>, what = 'value'): void {
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i] as number)) throw new Error(`${what}[${i}] is not finite: ${values[i]}`);
  }
}
