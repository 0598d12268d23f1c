import { defaultMilestones, effectiveWarmupEpochs, learningRateAt, type LearningRateOptions } from './learningRate.js';

/** The run length the paper's schedule was written for (warm-up 5, decay at 160 and 180 of 200 epochs). */
export const PAPER_EPOCHS = 200;

/**
 * The learning-rate schedule a run will use, in words, printed when training starts so that nobody is surprised by
 * where it ends: warm-up, the decay epochs and the final rate. When a run shorter than the paper's 200 epochs uses
 * the default milestones, a second line says that the paper's schedule was scaled down (a 2-epoch run decays
 * twice inside its second epoch and ends at 1e-5) and how to keep the full rate (more epochs).
 *
 * @example
 * describeSchedule({ baseLr: 0.1, warmupEpochs: 5, epochs: 200 });
 * // ['lr schedule: linear warm-up to 0.1 over 5 epochs, ×0.01 at epochs 160 and 180; final lr 0.00001']
 * describeSchedule({ baseLr: 0.1, warmupEpochs: 5, epochs: 2 });
 * // ['lr schedule: linear warm-up to 0.1 over 0.2 epochs, ×0.01 at epochs 1.6 and 1.8; final lr 0.00001',
 * //  "note: the paper's 200-epoch schedule (warm-up 5, decay at 160 and 180) is scaled to 2 epochs: the rate decays
 * //   from epoch 1.6 and the run ends at lr 0.00001"]
 */
export function describeSchedule(options: LearningRateOptions): string[] {
  const { baseLr, warmupEpochs, epochs } = options;
  const decay = options.decay ?? 0.01;
  const milestones = options.milestones ?? defaultMilestones(epochs);
  const warmup = effectiveWarmupEpochs(warmupEpochs, epochs);
  const inRun = milestones.filter((m) => m < epochs);
  const finalLr = learningRateAt(Math.max(0, epochs - 1e-9), options);
  const parts = [
    warmup > 0 ? `linear warm-up to ${number(baseLr)} over ${number(warmup)} epoch${warmup === 1 ? '' : 's'}` : `constant ${number(baseLr)} from the start`,
    inRun.length > 0 ? `×${number(decay)} at epoch${inRun.length === 1 ? '' : 's'} ${list(inRun.map(number))}` : 'no decay',
  ];
  const lines = [`lr schedule: ${parts.join(', ')}; final lr ${number(finalLr)}`];
  if (options.milestones === undefined && epochs < PAPER_EPOCHS) {
    lines.push(
      `note: the paper's ${PAPER_EPOCHS}-epoch schedule (warm-up ${number(warmupEpochs)}, decay at ${list(defaultMilestones(PAPER_EPOCHS).map(number))}) ` +
        `is scaled to ${epochs} epoch${epochs === 1 ? '' : 's'}` +
        (inRun[0] !== undefined ? `: the rate decays from epoch ${number(inRun[0])} and the run ends at lr ${number(finalLr)}` : ''),
    );
  }
  return lines;
}

function number(value: number): string {
  return String(Number(value.toPrecision(3)));
}

function list(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}
