/**
 * The entry point of a decode-pool worker thread: answers each {@link DecodeJob} message with
 * `decodeBatch`'s result, transferring the batch's buffer (no copy). Started by `createDecodePool`.
 */
import { parentPort } from 'node:worker_threads';
import { decodeBatch, type DecodeJob } from './decodeBatch.js';

// One job at a time: the pool sends the next only after this one's answer.
parentPort?.on('message', (job: DecodeJob) => {
  void decodeBatch(job).then((result) => {
    parentPort?.postMessage(result, result.type === 'done' ? [result.data.buffer as ArrayBuffer] : []);
  });
});
