import { main } from '../../src/cli/main.js';

/** Runs `main(argv)` in-process and captures what it writes. */
export async function runCli(argv: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (text) => void (stdout += text), stderr: (text) => void (stderr += text) });
  return { code, stdout, stderr };
}

/** True when `text` is exactly one line (with its newline): a user error never prints a stack trace. */
export function isOneLine(text: string): boolean {
  return /^cbloss: [^\n]+\n$/.test(text);
}
