/**
 * Large-scale datasets streamed from disk (issue 9 §1): readers that index iNaturalist JSON, ImageNet-LT /
 * Places-LT lists, the ILSVRC layout and image folders without decoding; long-tailed subsets of an index;
 * the paper's large-scale preprocessing; a worker-thread decode pool with a memory bound; a generator of
 * such datasets with real JPEG files.
 */
export type { StreamDataset, StreamSplit } from './StreamDataset.js';
export { parseStreamSpec, STREAM_FORMATS, STREAM_SPEC_HELP, type StreamFormat, type StreamSpec } from './streamSpec.js';
export { openStreamDataset, defaultTestFile, type OpenStreamOptions } from './openStreamDataset.js';
export { readInatIndex, type InatCategories } from './readInatIndex.js';
export { readListIndex } from './readListIndex.js';
export { readIlsvrcIndex, ILSVRC_VAL_LABEL_FILES } from './readIlsvrcIndex.js';
export { readFolderIndex } from './readFolderIndex.js';
export { longTailedStream } from './longTailedStream.js';
export { splitView } from './splitView.js';
export { centerCropBox, randomResizedCropBox, roundHalfEven, type CropBox, type RandomCropOptions } from './cropBox.js';
export { cropResizeNormalize, IMAGENET_NORMALIZATION, type ChannelNormalization } from './cropResizeNormalize.js';
export { preprocessImage, resolveTransform, sampleRng, TRANSFORM_MODES, type StreamTransform } from './streamTransform.js';
export { decodeImageFile, IMAGE_DECODERS, type ImageDecoder } from './decodeImageFile.js';
export { decodeBatch, type DecodeDone, type DecodeFailed, type DecodeJob } from './decodeBatch.js';
export {
  createDecodePool,
  type DecodePool,
  type DecodePoolOptions,
  type DecodePoolStats,
  type StreamBatch,
} from './decodePool.js';
export { streamChannelStats, type StreamChannelStatsOptions } from './streamChannelStats.js';
export { makeStreamDataset, type MadeStreamDataset, type MakeStreamDatasetOptions } from './makeStreamDataset.js';
