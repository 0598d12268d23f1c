import { createServer } from 'node:net';

/**
 * A TCP port that was free on 127.0.0.1 a moment ago, for the rendezvous of a process group (`MASTER_PORT`): the OS
 * picks it (listening on port 0), and the listener is closed before the promise resolves. Another process may take
 * the port meanwhile: a launcher that must not fail retries on `address-in-use`.
 *
 * @returns an integer in [1, 65535].
 * @throws Error from `net.Server` when no socket can listen on 127.0.0.1.
 * @example
 * const port = await freePort(); // e.g. 41237
 * await createProcessGroup({ rank: 0, worldSize: 1, masterAddr: '127.0.0.1', masterPort: port });
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('freePort: the server must listen on a TCP address; got none.'))));
    });
  });
}
