import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { isOneLine, runCli } from './runCli.js';

/** Starts `cbloss web ...` in-process; resolves with its URL once printed, and a way to Ctrl-C it. */
async function startWeb(args: readonly string[]): Promise<{ url: string; stderr: () => string; interrupt: () => Promise<number> }> {
  let stdout = '';
  let stderr = '';
  const done = main(['web', ...args], { stdout: (text) => void (stdout += text), stderr: (text) => void (stderr += text) });
  for (let i = 0; i < 200 && !stdout.includes('\n'); i++) await new Promise((resolve) => setTimeout(resolve, 25));
  return {
    url: stdout.trim(),
    stderr: () => stderr,
    interrupt: async () => {
      process.emit('SIGINT');
      return done;
    },
  };
}

describe('cbloss web', () => {
  it('serves the built page on 127.0.0.1, prints only the URL on stdout, exits 0 on Ctrl-C', async () => {
    const web = await startWeb([]);
    expect(web.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const page = await fetch(web.url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<script type="module" src="main.js"></script>');
    expect((await fetch(`${web.url}main.js`)).status).toBe(200);
    expect((await fetch(`${web.url}tfjs-backend-wasm-simd.wasm`)).headers.get('content-type')).toBe('application/wasm');
    expect(web.stderr()).toContain('nothing is uploaded');
    expect(await web.interrupt()).toBe(0);
    await expect(fetch(web.url)).rejects.toThrow(); // stopped listening
  });

  it('uses --port, and says in one line when it is taken or invalid', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    const taken = await runCli(['web', '--port', String(port)]);
    expect(taken.code).toBe(2);
    expect(taken.stderr).toBe(`cbloss: web: '--port' must be a free port; got '${port}' (in use).\n`);
    blocker.close();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const web = await startWeb(['--port', String(port)]);
    expect(web.url).toBe(`http://127.0.0.1:${port}/`);
    expect(await web.interrupt()).toBe(0);
    for (const bad of ['x', '70000']) {
      const result = await runCli(['web', '--port', bad]);
      expect(result.code).toBe(2);
      expect(isOneLine(result.stderr), result.stderr).toBe(true);
    }
  });
});
