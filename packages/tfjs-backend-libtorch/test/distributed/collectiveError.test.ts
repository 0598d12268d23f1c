import { describe, expect, it } from 'vitest';
import { LibtorchBackendError } from '../../src/LibtorchBackendError.js';
import { collectiveError } from '../../src/distributed/collectiveError.js';

const context = { fn: 'allreduce', rank: 1, worldSize: 2, timeoutMs: 30000 };

describe('collectiveError', () => {
  it('names the operation, the rank and the timeout when the others did not arrive', () => {
    const e = collectiveError(context, new Error('libtorch: [gloo/transport/tcp/unbound_buffer.cc:81] Timed out waiting 30000ms for recv operation to complete'));
    expect(e).toBeInstanceOf(LibtorchBackendError);
    expect(e.code).toBe('timeout');
    expect(e.message).toBe(
      'allreduce: rank 1 of 2 timed out after 30000 ms waiting for the other ranks ([gloo/transport/tcp/unbound_buffer.cc:81] Timed out waiting 30000ms for recv operation to complete).',
    );
  });

  it('says the connection was lost when a peer closed it, naming the peer when there is only one', () => {
    const closed = new Error('libtorch: [gloo/transport/tcp/pair.cc:598] Connection closed by peer [127.0.0.1]:4242');
    const e = collectiveError({ ...context, rank: 0 }, closed);
    expect(e.code).toBe('connection-lost');
    expect(e.message).toMatch(/^allreduce: rank 0 of 2 lost its connection to rank 1, which exited or was killed \(\[gloo/);
    expect(collectiveError({ ...context, worldSize: 4 }, closed).message).toMatch(/^allreduce: rank 1 of 4 lost its connection to another rank, which/);
  });

  it('adds where a rendezvous waited, and keeps other failures as they are', () => {
    const e = collectiveError({ ...context, fn: 'createProcessGroup', where: ' at 127.0.0.1:29500' }, new Error('libtorch: Timed out waiting for clients. 1/2 clients joined.'));
    expect(e.message).toMatch(/^createProcessGroup: rank 1 of 2 timed out after 30000 ms waiting for the other ranks at 127\.0\.0\.1:29500 \(/);
    const other = collectiveError(context, 'libtorch: something else');
    expect(other.code).toBe('collective-failed');
    expect(other.message).toBe('allreduce: rank 1 of 2 failed (something else).');
  });
});
