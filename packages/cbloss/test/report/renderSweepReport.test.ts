import { describe, expect, it } from 'vitest';
import { renderSweepReport } from '../../src/report/renderSweepReport.js';
import type { SweepResults } from '../../src/types.js';
import { SWEEP } from './fixtures.js';
import { externalReferences, figureSvg, plotIds } from './htmlChecks.js';
import { CblossError } from '../../src/CblossError.js';

const html = await renderSweepReport(SWEEP);

describe('renderSweepReport', () => {
  it('records the setup: dataset, seeds, selection split, cells done, backend, version', () => {
    expect(html).toContain('<title>Sweep: fashion-mnist, cnn</title>');
    for (const [k, v] of [
      ['Dataset', 'fashion-mnist'],
      ['Imbalance factors', '100, 10'],
      ['Seeds', '1, 2'],
      ['β and parameters chosen on', 'validation split'],
      ['Cells', '11 finished of 12'],
      ['Backend', 'cpu'],
      ['cbloss version', '0.1.0'],
      ['Wall time', '12.6 min'],
    ]) {
      expect(html).toContain(`<dt>${k}</dt><dd>${v}</dd>`);
    }
  });

  it('has the Table-2 layout: losses × IF (largest first), mean ± std, chosen β/γ, best of each column in bold', () => {
    expect(html).toContain('<th>Loss</th><th class="num">IF 100</th><th class="num">IF 10</th>');
    expect(html).toContain('<td>softmax</td><td class="num">41.00 ± 1.41<br><small>2 seeds</small></td>');
    expect(html).toContain('<td class="num"><strong>35.25 ± 0.35</strong><br><small>β=0.999, γ=0.5; 2 seeds</small></td>');
    expect(html).toContain('<td class="num"><strong>19.25 ± 0.35</strong><br><small>β=0.99, γ=0.5; 2 seeds</small></td>');
    expect(html).toContain('<td>CB &lt;sigmoid&gt;</td><td class="num">—</td><td class="num">—</td>');
    expect(html.match(/<strong>/g)).toHaveLength(2);
  });

  it('plots error against β, one panel per imbalance factor', () => {
    expect(plotIds(html)).toEqual(['error-vs-beta']);
    const svg = figureSvg(html, 'error-vs-beta');
    expect(svg).toContain('>IF 100</text>');
    expect(svg).toContain('>IF 10</text>');
    expect(svg).toMatch(/aria-roledescription="line mark"|aria-roledescription="line"/);
  });

  it('lists every cell with a relative, encoded link to its run, and marks cells not run', () => {
    expect(html).toContain('<td><a href="if100-softmax-b0-s1/results.json">if100-softmax-b0-s1</a></td>');
    expect(html).toMatch(/if10-focal-b0\.999-g0\.5-s2<\/a><\/td>(<td[^>]*>[^<]*<\/td>){5}<td class="num">not run<\/td>/);
    const odd = { ...SWEEP, cells: [{ ...SWEEP.cells[0]!, id: 'a b/"<c>' }] };
    return renderSweepReport(odd).then((page) => expect(page).toContain('<a href="a%20b%2F%22%3Cc%3E/results.json">a b/&quot;&lt;c&gt;</a>'));
  });

  it('accepts a custom link, or none', async () => {
    const page = await renderSweepReport(SWEEP, { cellHref: (cell) => (cell.seed === 1 ? `runs/${cell.id}/report.html` : undefined) });
    expect(page).toContain('<a href="runs/if100-softmax-b0-s1/report.html">');
    expect(page).toContain('<td>if100-softmax-b0-s2</td>');
  });

  it('references nothing outside the file and is deterministic', async () => {
    expect(externalReferences(html)).toEqual([]);
    expect(await renderSweepReport(SWEEP)).toBe(html);
  });

  it('renders a sweep with no finished cell without a plot', async () => {
    const empty: SweepResults = { ...SWEEP, cells: SWEEP.cells.map(({ results: _, ...cell }) => cell), table: [] };
    const page = await renderSweepReport(empty);
    expect(plotIds(page)).toEqual([]);
    expect(page).toContain('No finished cell yet');
  });

  it('rejects something that is not a sweep', async () => {
    await expect(renderSweepReport({ version: '1' } as unknown as SweepResults)).rejects.toThrow(
      new CblossError('invalid-argument', "renderSweepReport: 'sweep' must have 'cells' and 'table' arrays; got an object with keys [version]."),
    );
  });
});
