/**
 * Datasets and long-tailed splits: readers that validate their files (IDX, CIFAR binary, image folders,
 * CSV), generated datasets, `loadDataset` by spec, and the paper's long-tailed subsampling.
 */
export { CIFAR10_CLASSES, CIFAR100_CLASSES, FASHION_MNIST_CLASSES, MNIST_CLASSES } from './classNames.js';
export { countPerClass } from './countPerClass.js';
export { decodeImage, type RgbaImage } from './decodeImage.js';
export { loadCifar10, loadCifar100 } from './loadCifar.js';
export { loadCsv, type CsvOptions } from './loadCsv.js';
export { findDataset, isStreamedDataset, loadDataset, openDatasetStream } from './loadDataset.js';
export {
  DATASETS,
  STREAM_MEMORY_NOTE,
  type DatasetEntry,
  type LoadDatasetOptions,
  type MemoryDatasetEntry,
  type OpenDatasetOptions,
  type StreamDatasetEntry,
} from './datasets.js';
export { FASHION_MNIST_DEFAULT_DIR, loadIdxDataset } from './loadIdxDataset.js';
export { loadImageFolder, type ImageFolderOptions } from './loadImageFolder.js';
export { makeLongTailed, type LongTailedOptions } from './makeLongTailed.js';
export { makeSyntheticImages, makeSyntheticTabular, type SyntheticOptions } from './makeSynthetic.js';
export { readIdx, type IdxArray } from './readIdx.js';
export { resizeBilinear } from './resizeBilinear.js';
export { splitValidation } from './splitValidation.js';
export { subsetSplit } from './subsetSplit.js';
