/**
 * Mean and sample standard deviation (n − 1 denominator) of a list of numbers; `std` is `undefined` for fewer
 * than two values (one seed has no spread).
 *
 * @example
 * meanStd([24, 26]); // { mean: 25, std: 1.4142135623730951 }
 * meanStd([24]);     // { mean: 24, std: undefined }
 */
export function meanStd(values: readonly number[]): { mean: number; std: number | undefined } {
  if (values.length === 0) return { mean: Number.NaN, std: undefined };
  // Welford's running update: no cancellation, and exactly 0 spread for identical values.
  let mean = 0;
  let squares = 0;
  values.forEach((value, i) => {
    const delta = value - mean;
    mean += delta / (i + 1);
    squares += delta * (value - mean);
  });
  return { mean, std: values.length < 2 ? undefined : Math.sqrt(squares / (values.length - 1)) };
}
