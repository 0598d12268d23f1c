/** A dataset read in the browser: all samples in one array, the split is made later. */
export interface PageDataset {
  /** `'images'` (a folder of class subfolders) or `'table'` (a CSV file). */
  readonly kind: 'images' | 'table';
  /** What the user picked (root folder or file name), for the report. */
  readonly name: string;
  readonly classNames: readonly string[];
  /** Samples, row-major: `labels.length × prod(sampleShape)`. Images in [0, 1]. */
  readonly x: Float32Array;
  /** `[height, width, 3]` for images, `[features]` for tables. */
  readonly sampleShape: readonly number[];
  /** Class id of each sample. */
  readonly labels: Int32Array;
  /** Samples per class, length C. */
  readonly samplesPerClass: readonly number[];
  /** Files ignored (not images, hidden, outside class folders). */
  readonly skipped: number;
}
