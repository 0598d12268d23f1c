import { readFileSync } from 'node:fs';
import { CblossError, type CblossErrorCode } from '../../CblossError.js';
import { decodeImageFile, type ImageDecoder } from './decodeImageFile.js';
import { preprocessImage, sampleRng, type StreamTransform } from './streamTransform.js';

/** One batch to decode: the samples (index in the split + file path), the epoch and the settings. */
export interface DecodeJob {
  readonly job: number;
  readonly epoch: number;
  readonly seed: number;
  readonly transform: StreamTransform;
  readonly skipBadImages: boolean;
  readonly decoder: ImageDecoder;
  readonly indices: readonly number[];
  readonly paths: readonly string[];
}

/** A decoded batch: `data` holds `kept.length` samples (the rest of the buffer is unused), `skipped` the bad files. */
export interface DecodeDone {
  readonly type: 'done';
  readonly job: number;
  readonly data: Float32Array;
  readonly kept: Int32Array;
  readonly skipped: readonly { readonly path: string; readonly message: string }[];
}

/** A batch that stopped at a bad file (without `skipBadImages`): the error, which names the file. */
export interface DecodeFailed {
  readonly type: 'failed';
  readonly job: number;
  readonly code: CblossErrorCode;
  readonly message: string;
}

function readImageFile(path: string): Uint8Array {
  try {
    return readFileSync(path);
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : `'${(e as Error).message}'`;
    throw new CblossError('not-found', `createDecodePool: file '${path}' must exist and be readable; got ${reason}.`);
  }
}

/**
 * Decodes and preprocesses one batch (what a pool worker does, callable in-process too): reads each file,
 * decodes it (`decodeImageFile` with `job.decoder`: JPEG or PNG by content), and writes `preprocessImage` with the sample's own
 * random stream (`sampleRng(seed, epoch, index)`) into one `Float32Array` of `n × size × size × 3`.
 * A missing, truncated or corrupt file fails the batch with an error naming the file, or with
 * `skipBadImages` is left out and listed in `skipped`.
 *
 * @example
 * const r = await decodeBatch({ job: 0, epoch: 0, seed: 1, transform, skipBadImages: false, decoder: 'sharp', indices: [0, 1], paths: ['a.jpg', 'b.jpg'] });
 * r.type === 'done' && r.kept; // Int32Array [0, 1]
 */
export async function decodeBatch(job: DecodeJob): Promise<DecodeDone | DecodeFailed> {
  const { size } = job.transform;
  const sampleSize = size * size * 3;
  const data = new Float32Array(job.paths.length * sampleSize);
  const kept: number[] = [];
  const skipped: { path: string; message: string }[] = [];
  for (let i = 0; i < job.paths.length; i++) {
    const path = job.paths[i] as string;
    const index = job.indices[i] as number;
    try {
      const image = await decodeImageFile(readImageFile(path), path, job.decoder);
      preprocessImage(image, job.transform, sampleRng(job.seed, job.epoch, index), data, kept.length * sampleSize);
      kept.push(index);
    } catch (e) {
      const error = e instanceof CblossError ? e : new CblossError('invalid-file', `createDecodePool: file '${path}' must decode; got '${(e as Error).message}'.`);
      if (!job.skipBadImages) return { type: 'failed', job: job.job, code: error.code, message: error.message };
      skipped.push({ path, message: error.message });
    }
  }
  return { type: 'done', job: job.job, data, kept: Int32Array.from(kept), skipped };
}
