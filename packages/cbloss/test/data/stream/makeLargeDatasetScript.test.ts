import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openStreamDataset } from '../../../src/data/stream/openStreamDataset.js';
import { tempDir } from '../tempDir.js';

// The script imports the built package ('cbloss' → dist/; `npm test` builds first).
const SCRIPT = fileURLToPath(new URL('../../../../../scripts/make-large-dataset.mjs', import.meta.url));

describe('scripts/make-large-dataset.mjs', () => {
  it('writes a dataset the printed spec opens, with the asked long-tailed counts', () => {
    const dir = tempDir();
    const out = execFileSync(process.execPath, [SCRIPT, dir, '--format', 'list', '--classes', '5', '--max-count', '4', '--imbalance-factor', '4', '--test-per-class', '1', '--size', '8,10'], {
      encoding: 'utf8',
    });
    const spec = out.split('\n')[0]!;
    expect(spec).toBe(`list:${dir}/train.txt`);
    expect(out).toContain('5 classes, 10 training images (class 0: 4, last: 1), 5 evaluation images');
    expect(openStreamDataset(spec).trainCounts).toEqual([4, 2, 2, 1, 1]);
  });

  it('exits 1 with a one-line message for a bad option (no stack trace)', () => {
    let stderr = '';
    try {
      execFileSync(process.execPath, [SCRIPT, tempDir(), '--size', '3,4'], { encoding: 'utf8', stdio: 'pipe' });
    } catch (e) {
      stderr = (e as { stderr: string; status: number }).stderr;
      expect((e as { status: number }).status).toBe(1);
    }
    expect(stderr).toBe("make-large-dataset: makeStreamDataset: 'imageSize' must be [min, max] integers with 8 ≤ min ≤ max; got [3, 4].\n");
  });
});
