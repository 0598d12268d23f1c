/**
 * Who writes whole lines to the terminal right now. A progress bar owns the last line of stderr and redraws it
 * with line wrapping off; a line written past it (the Ctrl-C notice) would be cut at the terminal width and
 * overwritten. So while a bar is drawn it claims the terminal, and {@link writeTerminalLine} hands every line to the
 * bar, which prints it above itself. The terminal is one per process, hence one module-level owner.
 */
let owner: ((line: string) => void) | undefined;

/**
 * Makes `writer` receive the lines of {@link writeTerminalLine} until the returned release function is called.
 *
 * @example
 * const release = claimTerminalLines((line) => multibar.log(`${line}\n`));
 * // ... draw the bar ...
 * release();
 */
export function claimTerminalLines(writer: (line: string) => void): () => void {
  owner = writer;
  return () => {
    if (owner === writer) owner = undefined;
  };
}

/**
 * Writes one line (without its newline) through the progress bar that owns the terminal, if any, else with `log`.
 *
 * @example
 * writeTerminalLine('interrupted: stopping after the current step', (line) => process.stderr.write(`${line}\n`));
 */
export function writeTerminalLine(line: string, log: (line: string) => void): void {
  (owner ?? log)(line);
}
