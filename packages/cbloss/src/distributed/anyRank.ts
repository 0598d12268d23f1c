import * as tf from '@tensorflow/tfjs-core';
import type { DataParallel } from './DataParallel.js';

/**
 * True on every rank when `flag` is true on at least one (a sum over ranks; also a barrier). Lets the ranks agree,
 * e.g. to stop after Ctrl-C at the same step, which collectives require.
 * @example if (await anyRank(dp, signal.aborted)) throw interrupted;
 */
export async function anyRank(dp: DataParallel, flag: boolean): Promise<boolean> {
  const local = tf.scalar(flag ? 1 : 0);
  try {
    const [sum] = await dp.sum([local], { untimed: true });
    const value = sum!.dataSync()[0]!;
    sum!.dispose();
    return value > 0;
  } finally {
    local.dispose();
  }
}
