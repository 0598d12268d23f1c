import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeReport } from '../../src/report/writeReport.js';
import { CblossError } from '../../src/CblossError.js';

const dir = mkdtempSync(join(tmpdir(), 'cbloss-write-report-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('writeReport', () => {
  it('writes the text, creating parent directories, and leaves no temporary file', () => {
    const path = join(dir, 'a', 'b', 'report.html');
    writeReport(path, '<p>β</p>');
    expect(readFileSync(path, 'utf8')).toBe('<p>β</p>');
    expect(readdirSync(join(dir, 'a', 'b'))).toEqual(['report.html']);
  });

  it('replaces an existing report', () => {
    const path = join(dir, 'again.html');
    writeReport(path, 'old');
    writeReport(path, 'new');
    expect(readFileSync(path, 'utf8')).toBe('new');
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('fails with a CblossError naming the path when it cannot write, and cleans up', () => {
    const blocked = join(dir, 'is-a-directory');
    mkdirSync(blocked);
    const call = () => writeReport(blocked, 'x');
    expect(call).toThrow(CblossError);
    expect(call).toThrow(`writeReport: 'path' must be a writable file path; got ${JSON.stringify(blocked)}`);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('rejects an empty path and non-string content', () => {
    expect(() => writeReport('', 'x')).toThrow(new CblossError('invalid-argument', `writeReport: 'path' must be a non-empty string; got "".`));
    expect(() => writeReport(join(dir, 'x.html'), 42 as unknown as string)).toThrow("writeReport: 'html' must be a string; got number.");
  });
});
