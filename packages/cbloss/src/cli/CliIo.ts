/**
 * Where the CLI writes: results to `stdout`, progress, notices and errors to `stderr`. Tests pass their own
 * to capture the output of `main` in-process.
 */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

/** The process's own streams. */
export const processIo: CliIo = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
};
