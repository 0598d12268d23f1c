import { Writable } from 'node:stream';
import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createProgress, formatEpoch } from '../../src/train/progress.js';
import { writeTerminalLine } from '../../src/train/terminalLines.js';

/** A fake 80-column terminal that records every byte written to it. */
function fakeTerminal(columns = 80): { stream: NodeJS.WriteStream; output: () => string } {
  let written = '';
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      written += chunk.toString();
      done();
    },
  }) as unknown as NodeJS.WriteStream & { isTTY: boolean; columns: number };
  stream.isTTY = true;
  stream.columns = columns;
  return { stream, output: () => written };
}

const last = { epoch: 2, loss: 0.51234, trainAccuracy: 81.25, learningRate: 1e-5, seconds: 3.5, imagesPerSecond: 1234, testError: 22.5 };
const notice = 'interrupted: stopping after the current step and saving a checkpoint (Ctrl-C again to quit now)';

describe('the progress bar in a terminal', () => {
  it("prints the last epoch's summary line, logged just before the bar stops", () => {
    const { stream, output } = fakeTerminal();
    const progress = createProgress({ epochs: 2, batchesPerEpoch: 4, startStep: 4, bar: true, stream });
    for (let b = 1; b <= 4; b++) progress.batch(1, b, { loss: 0.5, imagesPerSecond: 1000 });
    progress.epoch(last);
    progress.stop();
    expect(stripVTControlCharacters(output())).toContain(`${formatEpoch(last, 2)}\n`);
  });

  it('keeps line wrapping on (a long line is never cut at the terminal width) and fits the bar in the width', () => {
    const { stream, output } = fakeTerminal(90);
    const progress = createProgress({ epochs: 200, batchesPerEpoch: 4, startStep: 0, bar: true, stream });
    progress.batch(0, 1, { loss: 2.3, imagesPerSecond: 1000 });
    progress.stop();
    expect(output()).not.toContain('\u001b[?7l'); // DECAWM off: what cut the Ctrl-C notice to 'interrupted: st)'
    const barLines = stripVTControlCharacters(output()).split(/[\r\n]/).filter((l) => l.startsWith('epoch '));
    expect(barLines.length).toBeGreaterThan(0);
    for (const line of barLines) expect(line.length).toBeLessThanOrEqual(90);
  });

  it('prints the Ctrl-C notice whole, above the bar, while the bar is drawn; with no bar, through the plain log', () => {
    const { stream, output } = fakeTerminal();
    const direct: string[] = [];
    const progress = createProgress({ epochs: 2, batchesPerEpoch: 4, startStep: 0, bar: true, stream });
    progress.batch(0, 1, { loss: 2.3, imagesPerSecond: 1000 });
    writeTerminalLine(notice, (line) => direct.push(line));
    progress.stop();
    expect(direct).toEqual([]); // not written past the bar
    expect(stripVTControlCharacters(output())).toContain(`${notice}\n`);
    writeTerminalLine(notice, (line) => direct.push(line)); // the bar is gone: the plain log again
    expect(direct).toEqual([notice]);
  });
});
