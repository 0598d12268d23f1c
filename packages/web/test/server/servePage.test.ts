import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contentType } from '../../src/server/contentType.js';
import { servePage } from '../../src/server/servePage.js';

function makePage(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cb-web-serve-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>t</title>');
  writeFileSync(join(dir, 'main.js'), 'console.log(1);');
  writeFileSync(join(dir, 'tfjs-backend-wasm.wasm'), Buffer.from([0, 97, 115, 109]));
  mkdirSync(join(dir, 'sub'));
  writeFileSync(join(dir, '..', `${dir.split('/').pop()}-secret.txt`), 'outside');
  return dir;
}

describe('servePage', () => {
  it('serves the folder on 127.0.0.1 with content types and cross-origin isolation headers', async () => {
    const server = await servePage({ dir: makePage() });
    try {
      expect(server.url).toBe(`http://127.0.0.1:${server.port}/`);
      const index = await fetch(server.url);
      expect(index.status).toBe(200);
      expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(index.headers.get('cross-origin-opener-policy')).toBe('same-origin');
      expect(index.headers.get('cross-origin-embedder-policy')).toBe('require-corp');
      expect(await index.text()).toContain('<title>t</title>');
      const wasm = await fetch(`${server.url}tfjs-backend-wasm.wasm`);
      expect(wasm.headers.get('content-type')).toBe('application/wasm');
      expect([...new Uint8Array(await wasm.arrayBuffer())]).toEqual([0, 97, 115, 109]);
      expect((await fetch(`${server.url}main.js`, { method: 'HEAD' })).status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it('serves nothing else: missing files, folders, paths outside the folder, other methods', async () => {
    const dir = makePage();
    const server = await servePage({ dir });
    try {
      expect((await fetch(`${server.url}nope.js`)).status).toBe(404);
      expect((await fetch(`${server.url}sub`)).status).toBe(404);
      expect((await fetch(`${server.url}..%2F${dir.split('/').pop()}-secret.txt`)).status).toBe(404);
      expect((await fetch(`${server.url}%2e%2e/%2e%2e/etc/passwd`)).status).toBe(404);
      expect((await fetch(server.url, { method: 'POST', body: 'x' })).status).toBe(405);
      expect((await fetch(`${server.url}%E0%A4%A`)).status).toBe(400); // malformed escape: answered, no crash
      expect((await fetch(server.url)).status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it('listens on the port asked for, and reports a port in use', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      await expect(servePage({ dir: makePage(), port })).rejects.toMatchObject({ code: 'EADDRINUSE' });
    } finally {
      blocker.close();
    }
    const server = await servePage({ dir: makePage(), port });
    expect(server.port).toBe(port);
    await server.close();
  });

  it('rejects a folder without a built page and a bad port, naming them', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'cb-web-empty-'));
    await expect(servePage({ dir: empty })).rejects.toThrow(`servePage: '${empty}' must hold the built page (index.html); got none (run 'npm run build').`);
    await expect(servePage({ dir: empty })).rejects.toMatchObject({ code: 'not-found' });
    await expect(servePage({ dir: makePage(), port: 70000 })).rejects.toThrow("servePage: 'port' must be an integer in [0, 65535]; got 70000.");
  });
});

describe('contentType', () => {
  it('knows the page\'s file types, bytes otherwise', () => {
    expect(contentType('a/b/main.JS')).toBe('text/javascript; charset=utf-8');
    expect(contentType('x.wasm')).toBe('application/wasm');
    expect(contentType('model.weights.bin')).toBe('application/octet-stream');
    expect(contentType('Makefile')).toBe('application/octet-stream');
  });
});
