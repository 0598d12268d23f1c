import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, normalize, sep } from 'node:path';
import { CbLossError } from 'class-balanced-loss/core';
import { contentType } from './contentType.js';
import { pageDir } from './pageDir.js';

/** Options of {@link servePage}. */
export interface ServePageOptions {
  /** TCP port on 127.0.0.1; default 0 (a free port chosen by the system). */
  readonly port?: number;
  /** Folder to serve; default {@link pageDir} (the built page). */
  readonly dir?: string;
}

/** A running page server. */
export interface PageServer {
  /** `http://127.0.0.1:PORT/`. */
  readonly url: string;
  readonly port: number;
  /** Stops listening and closes open connections. */
  close(): Promise<void>;
}

/**
 * Serves the built page read-only on 127.0.0.1 (`node:http`; GET and HEAD of the folder's files, `/` is
 * `index.html`; nothing else, no directory listing, no path outside the folder). The page itself never
 * sends data back: images and CSV files are read in the browser. The responses carry the cross-origin
 * isolation headers (COOP/COEP), so the wasm backend may use threads.
 *
 * @throws CbLossError('not-found') when the folder has no index.html (the page was not built:
 *   `npm run build`); 'invalid-argument' for a bad port; the listen error (e.g. EADDRINUSE) otherwise.
 * @example
 * const server = await servePage({ port: 8080 });
 * console.log(server.url); // http://127.0.0.1:8080/
 * await server.close();
 */
export async function servePage(options: ServePageOptions = {}): Promise<PageServer> {
  const dir = options.dir ?? pageDir();
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new CbLossError('invalid-argument', `servePage: 'port' must be an integer in [0, 65535]; got ${String(port)}.`);
  }
  if (!existsSync(join(dir, 'index.html'))) {
    throw new CbLossError('not-found', `servePage: '${dir}' must hold the built page (index.html); got none (run 'npm run build').`);
  }
  const server = createServer((request, response) => {
    const refuse = (status: number, text: string): void => {
      response.writeHead(status, { 'Content-Type': 'text/plain' });
      response.end(`${text}\n`);
    };
    if (request.method !== 'GET' && request.method !== 'HEAD') return refuse(405, 'method not allowed');
    let path: string;
    try {
      path = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    } catch {
      return refuse(400, 'bad request');
    }
    const file = normalize(join(dir, path.endsWith('/') ? `${path}index.html` : path));
    const inside = file.startsWith(normalize(dir + sep));
    if (!inside || !existsSync(file) || !statSync(file).isFile()) return refuse(404, 'not found');
    const body = readFileSync(file);
    response.writeHead(200, {
      'Content-Type': contentType(file),
      'Content-Length': body.length,
      'Cache-Control': 'no-cache',
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Embedder-Policy': 'require-corp',
    });
    response.end(request.method === 'HEAD' ? undefined : body);
  });
  await listen(server, port);
  const actual = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${actual}/`,
    port: actual,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
}
