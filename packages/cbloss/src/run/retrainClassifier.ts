import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { createLoss, priorBias, type Classifier, type FinalBias, type MethodName } from 'class-balanced-loss';
import { logitsLayer } from '../models/logitsLayer.js';
import { LOGITS_LAYER_NAME } from '../models/resnet.js';
import { weightDecayVariables } from '../models/weightDecayVariables.js';
import { trainModel, type BatchLoss } from '../train/trainModel.js';
import type { DataSplit, RunOptions } from '../types.js';

/** What {@link retrainClassifier} needs besides the trained model. */
export interface RetrainClassifierOptions {
  /** The training split (raw samples) and how to turn samples into model input. */
  readonly train: DataSplit;
  readonly sampleShape: readonly number[];
  readonly normalize: (batch: tf.Tensor) => tf.Tensor;
  readonly numClasses: number;
  /** The method: its per-example loss (unweighted here), final-bias kind and classifier kind. */
  readonly method: MethodName;
  readonly finalBias: FinalBias;
  readonly classifier: Classifier;
  readonly samplesPerClass: readonly number[];
  /** Epochs of classifier re-training, and the optimiser of the run (its learning rate and schedule, no warm-up). */
  readonly epochs: number;
  readonly optimiser: RunOptions['optimiser'];
  readonly seed: number;
  readonly log: (line: string) => void;
  readonly signal?: AbortSignal;
}

/**
 * Classifier re-training, cRT (Kang et al., Decoupling Representation and Classifier, arXiv:1910.09217): the
 * representation learned with instance-balanced sampling is frozen, and the final layer is re-initialised and trained
 * again with class-balanced sampling (each class equally likely per draw), with the method's loss unweighted (β = 0).
 * The features of the training set are computed once, in inference mode (batch norm with its moving statistics,
 * without augmentation — the paper re-trains on augmented images; precomputed features keep this stage a few seconds
 * long), then the new classifier replaces the model's final layer. No checkpoint: an interrupted run resumes from the
 * finished representation and repeats this short stage.
 *
 * @example
 * await retrainClassifier(model, { train, sampleShape, normalize, numClasses: 10, method: 'softmax', finalBias: 'zero',
 *   classifier: 'linear', samplesPerClass, epochs: 10, optimiser, seed: 1, log: console.error });
 */
export async function retrainClassifier(model: tfl.LayersModel, options: RetrainClassifierOptions): Promise<void> {
  const { train, sampleShape, numClasses } = options;
  const logits = model.getLayer(LOGITS_LAYER_NAME);
  const extractor = tfl.model({ inputs: model.inputs, outputs: logits.input as tfl.SymbolicTensor });
  const features = extractFeatures(extractor, train, sampleShape, options.normalize);
  const width = features.length / Math.max(train.count, 1);
  const input = tfl.input({ shape: [width] });
  const spec = { inputShape: [width], numClasses, classifier: options.classifier, seed: options.seed + 1, logitsBiasInitializer: 'zeros' as const };
  const layer = logitsLayer(spec);
  const head = tfl.model({ inputs: input, outputs: layer.apply(input) as tfl.SymbolicTensor });
  try {
    if (options.finalBias === 'prior') {
      // the prior bias of sigmoid-type methods, as the full model started with
      const [kernel, bias] = layer.getWeights();
      if (kernel !== undefined && bias !== undefined) layer.setWeights([kernel, tf.fill(bias.shape, priorBias(numClasses))]);
    }
    const loss = createLoss(options.method, { samplesPerClass: options.samplesPerClass, beta: 0 });
    options.log(`cRT: re-training the classifier on frozen ${width}-d features with class-balanced sampling for ${options.epochs} epochs`);
    await trainModel({
      model: head,
      train: { x: features, labels: train.labels, count: train.count },
      sampleShape: [width],
      loss: loss as BatchLoss,
      ...options.optimiser,
      epochs: options.epochs,
      warmupEpochs: 0,
      weightDecayVariables: weightDecayVariables(head, options.finalBias),
      augment: false,
      sampler: 'class-balanced',
      seed: options.seed,
      log: options.log,
      progressBar: false,
      ...(options.signal ? { signal: options.signal } : {}),
    });
    logits.setWeights(head.getLayer(LOGITS_LAYER_NAME).getWeights());
  } finally {
    head.dispose();
  }
}

/** The penultimate features of every training sample, [N · D] float32, in batches, in inference mode. */
function extractFeatures(extractor: tfl.LayersModel, split: DataSplit, sampleShape: readonly number[], normalize: (b: tf.Tensor) => tf.Tensor): Float32Array {
  const size = sampleShape.reduce((a, b) => a * b, 1);
  const chunks: Float32Array[] = [];
  for (let start = 0; start < split.count; start += 256) {
    const n = Math.min(256, split.count - start);
    const out = tf.tidy(() => extractor.predict(normalize(tf.tensor(split.x.subarray(start * size, (start + n) * size), [n, ...sampleShape], 'float32'))) as tf.Tensor);
    chunks.push(out.dataSync() as Float32Array);
    out.dispose();
  }
  const width = chunks[0] === undefined ? 0 : chunks[0].length / Math.min(256, split.count);
  const features = new Float32Array(split.count * width);
  let offset = 0;
  for (const chunk of chunks) {
    features.set(chunk, offset);
    offset += chunk.length;
  }
  return features;
}
