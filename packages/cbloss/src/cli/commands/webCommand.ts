import type { Command } from 'commander';
import type { CliContext } from '../createProgram.js';
import { parseInteger } from '../parseValues.js';
import { CblossError } from '../../CblossError.js';

interface WebFlags {
  readonly port?: string;
}

/** Resolves at the first Ctrl-C (SIGINT), removing its handler. */
function untilInterrupted(): Promise<void> {
  return new Promise((resolve) => process.once('SIGINT', () => resolve()));
}

/**
 * `cbloss web`: serves the browser page of `class-balanced-loss-web` on 127.0.0.1 (a free port, or
 * `--port`), prints its URL on stdout and serves until Ctrl-C (exit 0). Needs no network: the page and its
 * wasm files are local, and the page reads the user's files in the browser (nothing is uploaded).
 */
export function configureWebCommand(command: Command, { io }: CliContext): Command {
  return command
    .description('serve the browser page (train with class-balanced losses on your own images or CSV, in the browser) and print its URL')
    .option('--port <n>', 'port on 127.0.0.1 (default: a free port)')
    .addHelpText(
      'after',
      `
The page runs TensorFlow.js (webgl or wasm) in your browser; your files never leave it. Ctrl-C stops the server.

Examples:
  $ cbloss web                 # prints http://127.0.0.1:PORT/ : open it in a browser
  $ cbloss web --port 8080`,
    )
    .action(async (flags: WebFlags) => {
      const port = flags.port === undefined ? 0 : parseInteger('web', '--port', flags.port);
      if (port < 0 || port > 65535) throw new CblossError('invalid-argument', `web: '--port' must be in [0, 65535]; got '${flags.port}'.`);
      const { servePage } = await import('class-balanced-loss-web');
      const server = await servePage({ port }).catch((error: unknown) => {
        if ((error as { code?: unknown }).code === 'EADDRINUSE') {
          throw new CblossError('invalid-argument', `web: '--port' must be a free port; got '${flags.port}' (in use).`);
        }
        throw error;
      });
      const stopped = untilInterrupted();
      io.stdout(`${server.url}\n`);
      io.stderr('web: serving the page on 127.0.0.1 (nothing is uploaded: the page reads your files in the browser); Ctrl-C to stop\n');
      await stopped;
      await server.close();
    });
}
