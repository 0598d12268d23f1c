import { readFile, readdir, stat, unlink, mkdir } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { dropLegacyShortcutKernels } from '../models/legacyShortcutKernels.js';
import type { EpochRecord } from '../types.js';
import { writeFileAtomic } from './writeFileAtomic.js';
import { CblossError } from '../CblossError.js';

/** Name of the manifest inside a checkpoint directory; it is written last, so it is the commit point. */
export const CHECKPOINT_MANIFEST = 'checkpoint.json';
const FORMAT = 'cbloss-checkpoint';
/** v2 records the sha256 of the weights file; v1 checkpoints (without it) still load. */
const FORMAT_VERSION = 2;
const READABLE_VERSIONS: readonly number[] = [1, 2];

/** Sums over the batches done so far in an epoch that was interrupted in the middle. */
export interface PartialEpoch {
  readonly lossSum: number; // Σ batch loss × batch size
  readonly correct: number; // correctly classified training samples
  readonly seen: number; // samples processed
  readonly seconds: number; // training time spent in this epoch
}

/** Where training stands: enough to continue exactly where it stopped. */
export interface TrainingProgress {
  /** Completed epochs. */
  readonly epoch: number;
  /** Completed batches of epoch `epoch` (0-based); 0 at an epoch boundary. */
  readonly batch: number;
  readonly partial: PartialEpoch;
  readonly history: readonly EpochRecord[];
  /** State of the root generator (every shuffle and augmentation is a labelled fork of it). */
  readonly rngState: number;
  /** Training seconds and samples over all completed work, for the whole-run throughput. */
  readonly trainSeconds: number;
  readonly samplesSeen: number;
}

/** The training settings a checkpoint was made with; a resume must use the same. */
export interface CheckpointConfig {
  readonly epochs: number;
  readonly batchSize: number;
  readonly trainCount: number;
  readonly seed: number;
  readonly learningRate: number;
  readonly momentum: number;
  readonly weightDecay: number;
  readonly warmupEpochs: number;
  readonly augment: boolean;
  /** Micro-batches per step (gradient accumulation), when more than 1. */
  readonly accumulate?: number;
  /** Nesterov momentum, when on. */
  readonly nesterov?: boolean;
  /** Learning-rate milestones and decay factor, when not the defaults. */
  readonly milestones?: readonly number[];
  readonly lrDecay?: number;
}

/** A checkpoint in memory. */
export interface Checkpoint {
  readonly config: CheckpointConfig;
  readonly progress: TrainingProgress;
  /** Model weights in `model.getWeights()` order. */
  readonly modelWeights: readonly NamedArray[];
  /** Momentum buffers in `model.trainableWeights` order. */
  readonly optimizerState: readonly NamedArray[];
  /** Anything the caller wants kept with it (runExperiment stores the run options). */
  readonly meta: Readonly<Record<string, unknown>>;
}

/** A float32 tensor's values with its shape (and its variable name, for diagnostics only). */
export interface NamedArray {
  readonly name: string;
  readonly shape: readonly number[];
  readonly values: Float32Array;
}

interface TensorEntry {
  readonly group: 'model' | 'optimizer';
  readonly name: string;
  readonly shape: readonly number[];
  readonly offset: number; // in float32 elements
  readonly length: number;
}

interface Manifest {
  readonly format: typeof FORMAT;
  readonly formatVersion: number;
  readonly savedAt: string;
  readonly weightsFile: string;
  readonly byteLength: number;
  /** `sha256` (hex) of every file the manifest names, by file name (v2). */
  readonly sha256?: Readonly<Record<string, string>>;
  readonly tensors: readonly TensorEntry[];
  readonly config: CheckpointConfig;
  readonly progress: TrainingProgress;
  readonly meta: Readonly<Record<string, unknown>>;
}

/**
 * Saves a checkpoint into `dir` (created if needed) atomically: first the tensors to a new binary file
 * `weights-EEEEEE-BBBBBB.bin` (float32, little-endian, concatenated), then the JSON manifest `checkpoint.json`
 * that names it with its sha256, both with {@link writeFileAtomic}; older binary files are deleted afterwards. A
 * crash at any moment leaves the previous checkpoint or the new one readable, never a mix: the manifest, written
 * last, is the commit point.
 *
 * @example
 * await saveCheckpoint('run/checkpoint', checkpoint);
 * const back = await loadCheckpoint('run/checkpoint'); // same values
 */
export async function saveCheckpoint(dir: string, checkpoint: Checkpoint): Promise<void> {
  await mkdir(dir, { recursive: true });
  const { progress } = checkpoint;
  const weightsFile = `weights-${pad(progress.epoch)}-${pad(progress.batch)}.bin`;
  const tensors: TensorEntry[] = [];
  const chunks: Uint8Array[] = [];
  let offset = 0;
  const add = (group: TensorEntry['group'], array: NamedArray): void => {
    tensors.push({ group, name: array.name, shape: array.shape, offset, length: array.values.length });
    chunks.push(littleEndianBytes(array.values));
    offset += array.values.length;
  };
  checkpoint.modelWeights.forEach((w) => add('model', w));
  checkpoint.optimizerState.forEach((w) => add('optimizer', w));
  const hash = createHash('sha256');
  for (const chunk of chunks) hash.update(chunk);
  await writeFileAtomic(join(dir, weightsFile), chunks);
  const manifest: Manifest = {
    format: FORMAT,
    formatVersion: FORMAT_VERSION,
    savedAt: new Date().toISOString(),
    weightsFile,
    byteLength: offset * 4,
    sha256: { [weightsFile]: hash.digest('hex') },
    tensors,
    config: checkpoint.config,
    progress,
    meta: checkpoint.meta,
  };
  await writeFileAtomic(join(dir, CHECKPOINT_MANIFEST), JSON.stringify(manifest, null, 1));
  // Older weights files, and temporary files left by a process that was killed while writing.
  const ours = `.tmp-${process.pid}-`;
  const stale = (await readdir(dir)).filter(
    (f) => (/^weights-\d+-\d+\.bin$/.test(f) && f !== weightsFile) || (/^\..+\.tmp-\d+-[0-9a-f]+$/.test(f) && !f.includes(ours)),
  );
  await Promise.all(stale.map((f) => unlink(join(dir, f)).catch(() => undefined)));
}

/**
 * Whether `dir` holds a checkpoint manifest (it may still be unreadable; {@link loadCheckpoint} checks).
 *
 * @example
 * if (await hasCheckpoint('run/checkpoint')) console.log('resumable');
 */
export async function hasCheckpoint(dir: string): Promise<boolean> {
  return stat(join(dir, CHECKPOINT_MANIFEST)).then(
    (s) => s.isFile(),
    () => false,
  );
}

/**
 * Reads a checkpoint written by {@link saveCheckpoint}. Throws `CblossError` `'not-found'` when there is none and
 * `'invalid-file'` (naming the file) when the manifest is not a checkpoint or lacks a field (`progress`, `config`,
 * ...), or the binary file is missing, truncated, inconsistent with it, or does not have the sha256 the manifest
 * recorded (overwritten with zeros, NaN bytes, ...). The frozen option-A shortcut kernels that checkpoints of cbloss
 * 0.1 hold are dropped after checking they are the fixed 2×2 average (see `dropLegacyShortcutKernels`).
 *
 * @example
 * const checkpoint = await loadCheckpoint('run/checkpoint');
 * checkpoint.progress.epoch; // 3 (completed epochs)
 * await trainModel({ ...settings, resumeFrom: checkpoint });
 */
export async function loadCheckpoint(dir: string): Promise<Checkpoint> {
  const manifestPath = join(dir, CHECKPOINT_MANIFEST);
  let text: string;
  try {
    text = await readFile(manifestPath, 'utf8');
  } catch {
    throw new CblossError('not-found', `loadCheckpoint: '${manifestPath}' must exist to resume; got no such file.`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text) as unknown;
  } catch {
    throw badFile(manifestPath, 'be valid JSON', 'a parse error');
  }
  const manifest = checkManifest(manifestPath, parsed);
  const weightsPath = join(dir, manifest.weightsFile);
  let bytes: Buffer;
  try {
    bytes = await readFile(weightsPath);
  } catch {
    throw new CblossError('not-found', `loadCheckpoint: '${weightsPath}' must exist (named by ${manifestPath}); got no such file.`);
  }
  if (bytes.length !== manifest.byteLength) {
    throw badFile(weightsPath, `have ${manifest.byteLength} bytes`, `${bytes.length}`);
  }
  const expected = manifest.sha256?.[manifest.weightsFile];
  if (expected !== undefined) {
    const actual = createHash('sha256').update(bytes).digest('hex');
    if (actual !== expected) {
      throw badFile(
        weightsPath,
        `have the sha256 recorded in ${manifestPath} (${expected.slice(0, 12)}…)`,
        `${actual.slice(0, 12)}…: the file was damaged or overwritten; restore it, or start the run again with --overwrite`,
      );
    }
  }
  const all = fromLittleEndian(bytes);
  const modelWeights: NamedArray[] = [];
  const optimizerState: NamedArray[] = [];
  for (const t of manifest.tensors as readonly TensorEntry[]) {
    const size = t.shape.reduce((a, b) => a * b, 1);
    if (size !== t.length || t.offset < 0 || t.offset + t.length > all.length) {
      throw badFile(weightsPath, `hold tensor '${t.name}' [${t.shape.join(', ')}] at ${t.offset}`, `${all.length} floats`);
    }
    const array = { name: t.name, shape: t.shape, values: all.slice(t.offset, t.offset + t.length) };
    (t.group === 'model' ? modelWeights : optimizerState).push(array);
  }
  // Checkpoints of cbloss 0.1 hold the option-A shortcuts' frozen kernels, which today's weightless layer lacks.
  const current = dropLegacyShortcutKernels(modelWeights, weightsPath);
  return { config: manifest.config, progress: manifest.progress, modelWeights: current, optimizerState, meta: manifest.meta ?? {} };
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const isNumber = (v: unknown): boolean => typeof v === 'number' && Number.isFinite(v);

/** The manifest fields a resume reads, each with its rule, so a damaged manifest is one line, never a TypeError. */
const MANIFEST_FIELDS: readonly (readonly [string, (v: unknown) => boolean, string])[] = [
  ['weightsFile', (v) => typeof v === 'string' && /^weights-\d+-\d+\.bin$/.test(v), "a file name 'weights-E-B.bin'"],
  ['byteLength', isNumber, 'a number'],
  ['tensors', Array.isArray, 'an array'],
  ['config', isObject, 'an object'],
  ...(['epochs', 'batchSize', 'trainCount', 'seed', 'learningRate', 'momentum', 'weightDecay', 'warmupEpochs'] as const).map(
    (key) => [`config.${key}`, isNumber, 'a number'] as const,
  ),
  ['config.augment', (v) => typeof v === 'boolean', 'true or false'],
  ['progress', isObject, 'an object'],
  ...(['epoch', 'batch', 'rngState', 'trainSeconds', 'samplesSeen'] as const).map((key) => [`progress.${key}`, isNumber, 'a number'] as const),
  ['progress.partial', isObject, 'an object'],
  ['progress.history', Array.isArray, 'an array'],
  ['sha256', (v) => v === undefined || isObject(v), 'an object'],
  ['meta', (v) => v === undefined || isObject(v), 'an object'],
];

function checkManifest(path: string, value: unknown): Manifest {
  if (!isObject(value)) throw badFile(path, 'be a JSON object', value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value);
  if (value['format'] !== FORMAT || !READABLE_VERSIONS.includes(value['formatVersion'] as number)) {
    throw badFile(path, `be a ${FORMAT} v${READABLE_VERSIONS.join('/v')} manifest`, `format ${String(value['format'])} v${String(value['formatVersion'])}`);
  }
  for (const [field, check, rule] of MANIFEST_FIELDS) {
    const v = field.split('.').reduce<unknown>((o, key) => (isObject(o) ? o[key] : undefined), value);
    if (!check(v)) throw badFile(path, `have '${field}' as ${rule}`, v === undefined ? 'nothing' : JSON.stringify(v).slice(0, 40));
  }
  (value['tensors'] as unknown[]).forEach((t, i) => {
    const ok = isObject(t) && Array.isArray(t['shape']) && t['shape'].every(isNumber) && isNumber(t['offset']) && isNumber(t['length']);
    if (!ok) throw badFile(path, `have 'tensors[${i}]' with a shape, offset and length`, JSON.stringify(t)?.slice(0, 40) ?? 'nothing');
  });
  if (value['formatVersion'] === FORMAT_VERSION && typeof (value['sha256'] as Record<string, unknown> | undefined)?.[value['weightsFile'] as string] !== 'string') {
    throw badFile(path, `have 'sha256' of its weights file`, 'nothing');
  }
  return value as unknown as Manifest;
}

function badFile(path: string, rule: string, got: string): CblossError {
  return new CblossError('invalid-file', `loadCheckpoint: '${path}' must ${rule}; got ${got}.`);
}

function pad(n: number): string {
  return String(n).padStart(6, '0');
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function littleEndianBytes(values: Float32Array): Uint8Array {
  const bytes = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  if (LITTLE_ENDIAN) return bytes;
  const out = new Uint8Array(values.byteLength);
  const view = new DataView(out.buffer);
  values.forEach((v, i) => view.setFloat32(i * 4, v, true));
  return out;
}

function fromLittleEndian(bytes: Buffer): Float32Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Float32Array(bytes.byteLength / 4);
  for (let i = 0; i < out.length; i++) out[i] = view.getFloat32(i * 4, true);
  return out;
}
