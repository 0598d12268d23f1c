/**
 * One split of a streamed dataset: a lightweight index of image files, never their pixels. A million
 * samples cost their path strings and 4 bytes of label each.
 */
export interface StreamSplit {
  /** Path of each sample's image file (as given: absolute when the spec's path was). */
  readonly paths: readonly string[];
  /** Class index of each sample, in `[0, numClasses)`. */
  readonly labels: Int32Array;
  /** Number of samples (= `paths.length` = `labels.length`). */
  readonly count: number;
}

/**
 * A dataset read from annotation or list files (or a directory layout) without decoding any image: class
 * names, per-class counts from the annotations, and the file index of each split, to be decoded on the fly by
 * `createDecodePool`.
 */
export interface StreamDataset {
  /** The spec it was opened from, e.g. `inat:/data/inat2018/train2018.json`. */
  readonly name: string;
  readonly numClasses: number;
  /** Class names by class index (iNaturalist category names, ILSVRC wnids, folder names, ...). */
  readonly classNames: readonly string[];
  readonly train: StreamSplit;
  /** The evaluation split (iNaturalist's and ILSVRC's `val`, a folder's `test`). */
  readonly test: StreamSplit;
  /** Training samples per class, from the index (no image is read). */
  readonly trainCounts: readonly number[];
  /** The files the index was read from, for the record. */
  readonly source: string;
}
