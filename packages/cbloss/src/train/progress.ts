import cliProgress from 'cli-progress';
import type { EpochRecord } from '../types.js';
import { claimTerminalLines } from './terminalLines.js';

/** Receives training progress; see {@link createProgress}. */
export interface ProgressReporter {
  /** After each batch: `batch` is the number of batches done in this epoch (1-based). */
  batch(epoch: number, batch: number, stats: { readonly loss: number; readonly imagesPerSecond: number }): void;
  /** After each epoch, with its record. */
  epoch(record: EpochRecord): void;
  /** A free-form line (notices, resume hints). */
  line(text: string): void;
  /** Stops the bar, if any. */
  stop(): void;
}

/** Options of {@link createProgress}. */
export interface ProgressOptions {
  readonly epochs: number;
  readonly batchesPerEpoch: number;
  /** Steps already done (when resuming), so the bar and its ETA start there. */
  readonly startStep: number;
  /** Where plain lines go. Default: `process.stderr`. */
  readonly log?: (line: string) => void;
  /** Draw a `cli-progress` bar on stderr. Default: `process.stderr.isTTY`. */
  readonly bar?: boolean;
  /** How the held-out error is named in the lines. Default `'test err'`. */
  readonly heldOutLabel?: string;
  /** Where the bar is drawn. Default: `process.stderr` (tests pass a fake terminal). */
  readonly stream?: NodeJS.WriteStream;
}

/**
 * Progress of a training run: a `cli-progress` bar on stderr (epoch, loss, images/s, ETA of the whole run) when
 * stderr is a terminal, plain log lines otherwise — one per epoch, plus one at every tenth of an epoch once the
 * epoch has been running for 10 s or more, so long epochs still show life in log files.
 *
 * @example
 * const progress = createProgress({ epochs: 200, batchesPerEpoch: 97, startStep: 0 });
 * progress.batch(0, 1, { loss: 2.3, imagesPerSecond: 800 });
 * progress.epoch(record); // "epoch 1/200  loss 2.1034  train acc 21.3%  lr 0.0196  ..."
 */
export function createProgress(options: ProgressOptions): ProgressReporter {
  const { epochs, batchesPerEpoch } = options;
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const useBar = options.bar ?? (options.stream ?? process.stderr).isTTY === true;
  if (useBar) return barProgress(options, epochs, batchesPerEpoch);
  let epochStart = Date.now();
  let lastEpoch = -1;
  return {
    batch(epoch, batch, stats) {
      if (epoch !== lastEpoch) {
        lastEpoch = epoch;
        epochStart = Date.now();
      }
      const tenth = Math.max(1, Math.round(batchesPerEpoch / 10));
      if (batch % tenth !== 0 || batch === batchesPerEpoch) return;
      if (Date.now() - epochStart < 10_000) return;
      const pct = Math.round((100 * batch) / batchesPerEpoch);
      log(`epoch ${epoch + 1}/${epochs}  ${pct}%  loss ${stats.loss.toFixed(4)}  ${Math.round(stats.imagesPerSecond)} img/s`);
    },
    epoch(record) {
      log(formatEpoch(record, epochs, options.heldOutLabel));
    },
    line: log,
    stop() {},
  };
}

/** Width of the bar format without the bar itself, for the longest values ('epoch 200/200 ... ETA 1h23m'). */
const BAR_TEXT_WIDTH = 68;

function barProgress(options: ProgressOptions, epochs: number, batchesPerEpoch: number): ProgressReporter {
  const stream = options.stream ?? process.stderr;
  const multibar = new cliProgress.MultiBar(
    {
      format: 'epoch {epoch}/{epochs} |{bar}| {percentage}% | loss {loss} | {ips} img/s | ETA {eta_formatted}',
      hideCursor: true,
      clearOnComplete: true,
      etaBuffer: 50,
      stream,
      // Line wrapping stays on, so that lines printed above the bar (epoch summaries, the Ctrl-C notice) are never
      // cut at the terminal width ('interrupted: st)'); the bar is sized to fit on one line instead.
      linewrap: true,
      barsize: Math.max(10, Math.min(40, (stream.columns ?? 80) - BAR_TEXT_WIDTH)),
    },
    cliProgress.Presets.shades_classic,
  );
  const total = epochs * batchesPerEpoch;
  const bar = multibar.create(total, options.startStep, { epoch: 1, epochs, loss: '-', ips: '-' });
  const release = claimTerminalLines((line) => multibar.log(`${line}\n`));
  return {
    batch(epoch, batch, stats) {
      bar.update(epoch * batchesPerEpoch + batch, {
        epoch: epoch + 1,
        epochs,
        loss: stats.loss.toFixed(4),
        ips: Math.round(stats.imagesPerSecond),
      });
    },
    epoch(record) {
      multibar.log(`${formatEpoch(record, epochs, options.heldOutLabel)}\n`);
    },
    line(text) {
      multibar.log(`${text}\n`);
    },
    stop() {
      release();
      // cli-progress prints logged lines only at its next redraw, and stop() does not redraw: without this the
      // last epoch's line (logged just before training ends) was never shown.
      if (multibar.isActive) multibar.update();
      multibar.stop();
    },
  };
}

/** One line per epoch: `epoch 3/200  loss 1.2345  train acc 45.6%  lr 0.1  test err 40.10%  812 img/s  14.2 s`. */
export function formatEpoch(record: EpochRecord, epochs: number, heldOutLabel = 'test err'): string {
  const parts = [
    `epoch ${record.epoch}/${epochs}`,
    `loss ${record.loss.toFixed(4)}`,
    `train acc ${record.trainAccuracy.toFixed(1)}%`,
    `lr ${Number(record.learningRate.toPrecision(3))}`,
  ];
  if (record.testError !== undefined) parts.push(`${heldOutLabel} ${record.testError.toFixed(2)}%`);
  parts.push(`${Math.round(record.imagesPerSecond)} img/s`, `${record.seconds.toFixed(1)} s`);
  return parts.join('  ');
}
