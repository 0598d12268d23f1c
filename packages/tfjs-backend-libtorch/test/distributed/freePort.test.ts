import { execFileSync } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { freePort } from '../../src/distributed/freePort.js';

const root = fileURLToPath(new URL('../../../..', import.meta.url));

/** A server listening on 127.0.0.1:port (rejects when the port is taken). */
function listen(port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}
const close = (server: Server): Promise<void> => new Promise((resolve) => server.close(() => resolve()));

/** Whether the process that imports `specifier` has libtorch mapped and backend 'libtorch' registered. */
function afterImport(specifier: string): { names: string[]; libtorchMapped: boolean; registered: boolean } {
  const source = `const m = await import(${JSON.stringify(specifier)});
    const tf = await import('@tensorflow/tfjs-core');
    const { readFileSync } = await import('node:fs');
    console.log(JSON.stringify({ names: Object.keys(m).sort(), libtorchMapped: /libtorch|tfjs_libtorch/.test(readFileSync('/proc/self/maps', 'utf8')),
      registered: tf.findBackendFactory('libtorch') !== null }));`;
  return JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', source], { cwd: root, encoding: 'utf8' })) as never;
}

describe('freePort', () => {
  it('gives a port on 127.0.0.1 that a server can listen on right after', async () => {
    const port = await freePort();
    expect(Number.isInteger(port) && port >= 1 && port <= 65535).toBe(true);
    const server = await listen(port);
    await close(server);
  });

  it('never gives a port that is in use', async () => {
    const held = await Promise.all([0, 0, 0].map(() => listen(0)));
    const taken = held.map((s) => (s.address() as { port: number }).port);
    const ports = await Promise.all(Array.from({ length: 10 }, () => freePort()));
    for (const port of ports) expect(taken).not.toContain(port);
    // Control: a port in use is refused, so the check above can fail.
    await expect(listen(taken[0]!)).rejects.toMatchObject({ code: 'EADDRINUSE' });
    await Promise.all(held.map(close));
  });

  it("is exported by 'tfjs-backend-libtorch/distributed', whose import loads no libtorch and registers no backend", () => {
    const light = afterImport('tfjs-backend-libtorch/distributed');
    expect(light.names).toEqual(expect.arrayContaining(['freePort', 'createProcessGroup', 'processGroupOptionsFromEnv', 'ProcessGroup']));
    expect(light).toMatchObject({ libtorchMapped: false, registered: false });
    // Control: the main entry loads the addon (and libtorch with it) and registers the backend.
    const main = afterImport('tfjs-backend-libtorch');
    expect(main.names).toContain('freePort');
    expect(main).toMatchObject({ libtorchMapped: true, registered: true });
  });
});
