/**
 * The entry point of a decode-pool worker thread: answers each {@link DecodeJob} message with
 * `decodeBatch`'s result, transferring the batch's buffer (no copy). Started by `createDecodePool`.
 */
import { parentPort } from 'node:worker_threads';
import { decodeBatch, type DecodeJob } from './decodeBatch.js';

parentPort?.on('message', (job: DecodeJob) => {
  const result = decodeBatch(job);
  parentPort?.postMessage(result, result.type === 'done' ? [result.data.buffer as ArrayBuffer] : []);
});
