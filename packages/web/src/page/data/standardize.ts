/**
 * Standardises tabular features in place with the mean and standard deviation of the training rows only
 * (so nothing of the test rows leaks into training): x ← (x − μ_f)/σ_f per feature f; a constant feature
 * (σ_f = 0) is only centred.
 *
 * @param features - row-major `rows × numFeatures`, changed in place.
 * @param trainRows - the rows whose statistics are used.
 * @returns the features, for chaining.
 * @example
 * standardize(new Float32Array([1, 10, 3, 10, 5, 10]), 2, [0, 1]); // Float32Array [-1, 0, 1, 0, 3, 0]
 */
export function standardize(features: Float32Array, numFeatures: number, trainRows: readonly number[]): Float32Array {
  const rows = features.length / numFeatures;
  for (let f = 0; f < numFeatures; f++) {
    let sum = 0;
    for (const r of trainRows) sum += features[r * numFeatures + f] as number;
    const mean = trainRows.length > 0 ? sum / trainRows.length : 0;
    let squares = 0;
    for (const r of trainRows) squares += ((features[r * numFeatures + f] as number) - mean) ** 2;
    const std = trainRows.length > 0 ? Math.sqrt(squares / trainRows.length) : 0;
    const scale = std > 0 ? 1 / std : 1;
    for (let r = 0; r < rows; r++) features[r * numFeatures + f] = ((features[r * numFeatures + f] as number) - mean) * scale;
  }
  return features;
}
