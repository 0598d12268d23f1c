import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { liveReportWriter } from '../../src/cli/liveReportWriter.js';
import { renderLiveReport } from '../../src/report/renderLiveReport.js';
import { tempDir } from '../data/tempDir.js';
import { CB_FOCAL_RUN } from './fixtures.js';

const base = { name: 'cb-focal', dir: 'runs/cb-focal', dataset: 'fashion-mnist', epochs: 3, heldOut: 'test' as const };

describe('renderLiveReport', () => {
  it('while training: reloads itself, says where the run stands and draws the curves so far', async () => {
    const html = await renderLiveReport({ ...base, history: CB_FOCAL_RUN.history.slice(0, 2), status: 'training' });
    expect(html).toContain('<meta http-equiv="refresh" content="10">');
    expect(html).toContain('<title>cb-focal: training, epoch 2 of 3 (fashion-mnist)</title>');
    expect(html).toContain('<dt>Learning rate</dt><dd>0.1</dd>');
    expect(html).toContain('<dt>Test top-1 error</dt><dd>38.00%</dd>');
    expect(html.match(/<figure class="plot"/g)).toHaveLength(2);
  });

  it('interrupted: no reload, and the command that resumes it; before the first epoch: no plot', async () => {
    const html = await renderLiveReport({ ...base, history: CB_FOCAL_RUN.history.slice(0, 1), status: 'interrupted' });
    expect(html).not.toContain('http-equiv="refresh"');
    expect(html).toContain('<code>cbloss train --out runs/cb-focal --resume</code>');
    const empty = await renderLiveReport({ ...base, history: [], status: 'training' });
    expect(empty).toContain('No epoch has finished yet.');
    expect(empty).not.toContain('<figure');
  });
});

describe('liveReportWriter', () => {
  it('rewrites DIR/report.html at each epoch, and without its reload after an interruption', async () => {
    const dir = tempDir();
    const live = liveReportWriter(dir, () => {});
    expect(live.path).toBe(join(dir, 'report.html'));
    await live.onEpoch({ dataset: 'fashion-mnist', epochs: 3, history: CB_FOCAL_RUN.history.slice(0, 1), heldOut: 'test' });
    expect(readFileSync(live.path, 'utf8')).toContain('epoch 1 of 3');
    await live.onEpoch({ dataset: 'fashion-mnist', epochs: 3, history: CB_FOCAL_RUN.history.slice(0, 2), heldOut: 'test' });
    const page = readFileSync(live.path, 'utf8');
    expect(page).toContain('epoch 2 of 3');
    expect(page).toContain('http-equiv="refresh"');
    await live.interrupted();
    expect(readFileSync(live.path, 'utf8')).not.toContain('http-equiv="refresh"');
  });

  it('a report that cannot be written is logged once and never stops training', async () => {
    const lines: string[] = [];
    const live = liveReportWriter('/dev/null/run', (line) => lines.push(line));
    const snapshot = { dataset: 'd', epochs: 2, history: CB_FOCAL_RUN.history.slice(0, 1), heldOut: 'test' as const };
    await live.onEpoch(snapshot);
    await live.onEpoch(snapshot);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^note: the live report \/dev\/null\/run\/report\.html could not be written/);
  });
});
