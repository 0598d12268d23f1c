import type { MethodLoss } from './createLoss.js';

/**
 * A tfjs-layers callback (`model.fit(x, y, { callbacks: [deferredReweightingCallback(loss)] })`) that tells a
 * loss from {@link createLoss} which epoch starts, so that deferred re-weighting (`drwEpoch`) switches the
 * class-balanced weights on at the right epoch. A plain object: it needs no tfjs-layers import.
 *
 * @example
 * const loss = createLoss('softmax', { samplesPerClass, beta: 0.9999, drwEpoch: 8 });
 * model.compile({ optimizer, loss });
 * await model.fit(xs, ys, { epochs: 10, callbacks: [deferredReweightingCallback(loss)] }); // weighted in epochs 9, 10
 */
export function deferredReweightingCallback(loss: Pick<MethodLoss, 'setEpoch'>): { onEpochBegin: (epoch: number) => Promise<void> } {
  return {
    onEpochBegin: async (epoch: number): Promise<void> => {
      loss.setEpoch(epoch);
    },
  };
}
