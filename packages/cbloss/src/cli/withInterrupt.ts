import { writeTerminalLine } from '../train/terminalLines.js';

/**
 * Runs `work` with an AbortSignal that the first Ctrl-C (SIGINT) aborts: training stops cleanly after the
 * current step and saves its checkpoint. A second Ctrl-C exits at once (code 130). The handler is removed
 * when `work` settles. `interrupted()` tells whether Ctrl-C was pressed.
 */
export async function withInterrupt<T>(
  log: (line: string) => void,
  work: (signal: AbortSignal) => Promise<T>,
): Promise<{ value: T; interrupted: boolean }> {
  const controller = new AbortController();
  const onSigint = (): void => {
    if (controller.signal.aborted) process.exit(130);
    // Through the progress bar when one is drawn: written past it, the line would be cut at the terminal width.
    writeTerminalLine('interrupted: stopping after the current step and saving a checkpoint (Ctrl-C again to quit now)', log);
    controller.abort();
  };
  process.on('SIGINT', onSigint);
  try {
    const value = await work(controller.signal);
    return { value, interrupted: controller.signal.aborted };
  } finally {
    process.off('SIGINT', onSigint);
  }
}
