/**
 * The β slider's scale: position t ∈ [0, 5] maps to β = 1 − 10^(−t), so that 0.9, 0.99, 0.999, 0.9999 (the
 * paper's values) are evenly spaced at t = 1, 2, 3, 4, and t = 0 is β = 0 (no re-weighting).
 *
 * @example
 * betaFromSlider(3); // 0.999
 * betaFromSlider(0); // 0
 */
export function betaFromSlider(t: number): number {
  if (!(t > 0)) return 0;
  // Rounded to 12 significant digits so that 1 − 10^−3 prints and compares as 0.999.
  return Number((1 - 10 ** -t).toPrecision(12));
}

/**
 * The slider position of a β (inverse of {@link betaFromSlider}), clamped to [0, 5].
 *
 * @example
 * sliderFromBeta(0.9999); // 4
 */
export function sliderFromBeta(beta: number): number {
  if (!(beta > 0)) return 0;
  if (beta >= 1) return 5;
  return Math.min(5, Number((-Math.log10(1 - beta)).toPrecision(12)));
}
