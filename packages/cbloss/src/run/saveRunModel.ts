import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { ChannelStats } from '../eval/normalization.js';
import { writeFileAtomic } from '../train/writeFileAtomic.js';

/** File names inside a run's `model/` directory. */
export const MODEL_FILES = { model: 'model.json', weights: 'weights.bin', normalization: 'normalization.json' } as const;

/** What a saved model needs besides its weights to classify raw samples: the input standardisation. */
export interface ModelInputSpec {
  /** Shape of one raw sample, `[H, W, C]` or `[F]`. */
  readonly sampleShape: readonly number[];
  /** Statistics of the training split, for `normalizeBatch`. */
  readonly normalization: ChannelStats;
  readonly classNames: readonly string[];
}

/**
 * Saves a trained model in the TensorFlow.js file format — `dir/model.json` (topology + weights manifest) and
 * `dir/weights.bin` (all weights, little-endian) — readable by `tf.loadLayersModel` and by {@link loadRunModel}, plus
 * `dir/normalization.json` ({@link ModelInputSpec}). Written through a custom save handler (tfjs-node's `file://`
 * is not available) with {@link writeFileAtomic}; the weights go first, so a `model.json` always names complete
 * weights.
 *
 * @example
 * await saveRunModel(model, 'runs/a/model', { sampleShape: [28, 28, 1], normalization: stats, classNames });
 */
export async function saveRunModel(model: LayersModel, dir: string, input: ModelInputSpec): Promise<void> {
  await mkdir(dir, { recursive: true });
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const weightData = artifacts.weightData === undefined ? new ArrayBuffer(0) : tf.io.CompositeArrayBuffer.join(artifacts.weightData);
      await writeFileAtomic(join(dir, MODEL_FILES.weights), new Uint8Array(weightData));
      const modelJson = {
        format: artifacts.format ?? 'layers-model',
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy ?? null,
        modelTopology: artifacts.modelTopology,
        weightsManifest: [{ paths: [MODEL_FILES.weights], weights: artifacts.weightSpecs ?? [] }],
      };
      await writeFileAtomic(join(dir, MODEL_FILES.model), JSON.stringify(modelJson));
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    }),
  );
  await writeFileAtomic(join(dir, MODEL_FILES.normalization), JSON.stringify(input, null, 2));
}
