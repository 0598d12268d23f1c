import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunResults } from '../types.js';
import { parseRunResults } from './parseRunResults.js';
import { MODEL_FILES, type ModelInputSpec } from './saveRunModel.js';
import { upgradeRunResults } from './upgradeRunResults.js';
import { CblossError } from '../CblossError.js';
// Register the cosine classifier, the fused conv-batch-norm layer and the option-A shortcut with tf.serialization,
// so that models with them load back (models saved by cbloss 0.1 hold the shortcut as a frozen Conv2D and conv →
// batch norm as conv2d + batchNormalization layers, which load as such).
import '../models/ConvBatchNorm.js';
import '../models/CosineDense.js';
import '../models/OptionAShortcut.js';

/** A trained model loaded back from a run directory. */
export interface LoadedRun extends ModelInputSpec {
  readonly model: tfl.LayersModel;
  /** The run's `results.json`, when present. */
  readonly results: RunResults | undefined;
}

const BYTES_PER_DTYPE: Readonly<Record<string, number>> = { float32: 4, int32: 4, bool: 1 };

/**
 * Loads the model that `runExperiment` saved in `dir/model/` (tf.io format: `model.json` + `weights.bin`) with its
 * input standardisation (`normalization.json`) and, when present, `dir/results.json` — what `cbloss eval` needs to
 * classify raw samples: `predictClasses(model, x, count, sampleShape, (b) => normalizeBatch(b, normalization))`.
 *
 * @throws CblossError `'not-found'` when a file is missing; `'invalid-file'` (naming the file) when a file is not
 *   valid JSON, is not a tf.js layers model, or the weights file is shorter or longer than its manifest says, and
 *   when results.json lacks a field or has one of the wrong type ({@link parseRunResults}).
 * @example
 * const { model, sampleShape, normalization } = await loadRunModel('runs/cb-softmax');
 */
export async function loadRunModel(dir: string): Promise<LoadedRun> {
  // results.json first: a damaged one is reported before any tensor exists.
  const resultsPath = join(dir, 'results.json');
  const text = await readFile(resultsPath, 'utf8').catch(() => undefined);
  const results = text === undefined ? undefined : parseRunResults('loadRunModel', resultsPath, text);
  const modelDir = join(dir, 'model');
  const modelPath = join(modelDir, MODEL_FILES.model);
  const weightsPath = join(modelDir, MODEL_FILES.weights);
  const modelJson = (await readJson(modelPath)) as Partial<tf.io.ModelJSON>;
  const manifest = modelJson.weightsManifest;
  if (modelJson.modelTopology == null || !Array.isArray(manifest)) {
    throw bad(modelPath, 'be a tf.js layers model (modelTopology and weightsManifest)', 'neither');
  }
  const weightSpecs = manifest.flatMap((group) => group.weights);
  const expected = weightSpecs.reduce((sum, spec) => sum + spec.shape.reduce((a, b) => a * b, 1) * (BYTES_PER_DTYPE[spec.dtype] ?? 4), 0);
  const bytes = await readBytes(weightsPath);
  if (bytes.length !== expected) throw bad(weightsPath, `have ${expected} bytes (as ${modelPath} says)`, `${bytes.length}`);
  const weightData = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  let model: tfl.LayersModel;
  try {
    model = await tfl.loadLayersModel(tf.io.fromMemory({ modelTopology: modelJson.modelTopology, weightSpecs, weightData }));
  } catch (error) {
    throw bad(modelPath, 'describe a model this version can build', (error as Error).message);
  }
  const input = (await readJson(join(modelDir, MODEL_FILES.normalization))) as ModelInputSpec;
  return { model, sampleShape: input.sampleShape, normalization: input.normalization, classNames: input.classNames, results };
}

async function readJson(path: string): Promise<unknown> {
  const text = await readFile(path, 'utf8').catch(() => {
    throw new CblossError('not-found', `loadRunModel: '${path}' must exist (a run saved by cbloss train); got no such file.`);
  });
  return parse(path, text);
}

function parse(path: string, text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw bad(path, 'be valid JSON', 'a parse error (truncated?)');
  }
}

async function readBytes(path: string): Promise<Buffer> {
  return readFile(path).catch(() => {
    throw new CblossError('not-found', `loadRunModel: '${path}' must exist (a run saved by cbloss train); got no such file.`);
  });
}

function bad(path: string, rule: string, got: string): CblossError {
  return new CblossError('invalid-file', `loadRunModel: '${path}' must ${rule}; got ${got}.`);
}
