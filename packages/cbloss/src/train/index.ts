/** Training: the paper's SGD recipe, augmentation, checkpoints and the training loop. */
export { augmentBatch, type AugmentOptions } from './augment.js';
export {
  CHECKPOINT_MANIFEST,
  hasCheckpoint,
  loadCheckpoint,
  saveCheckpoint,
  type Checkpoint,
  type CheckpointConfig,
  type NamedArray,
  type PartialEpoch,
  type TrainingProgress,
} from './checkpoint.js';
export { gatherBatch, type Batch } from './gatherBatch.js';
export { defaultMilestones, effectiveWarmupEpochs, learningRateAt, type LearningRateOptions } from './learningRate.js';
export { createProgress, formatEpoch, type ProgressOptions, type ProgressReporter } from './progress.js';
export { createSgd, type Sgd, type SgdOptions } from './sgd.js';
export { trainModel, type BatchLoss, type StepRecord, type TrainModelOptions, type TrainResult } from './trainModel.js';
export { disposeBatch, isBatchSource, type BatchShard, type BatchSource, type PreparedBatch, type PreparedMicroBatch } from './batchSource.js';
export { createMemoryBatchSource, type MemoryBatchSourceOptions } from './memoryBatchSource.js';
export { createStreamBatchSource, type StreamBatchSourceOptions } from './streamBatchSource.js';
export { prefetch } from './prefetch.js';
export { accumulateGradients, applyStep, trainStep, type GradientAccumulator, type StepContext, type StepOutcome } from './trainStep.js';
export { TrainingInterruptedError } from './TrainingInterruptedError.js';
export { writeFileAtomic, type AtomicData } from './writeFileAtomic.js';
