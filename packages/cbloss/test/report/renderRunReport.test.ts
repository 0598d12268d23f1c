import { describe, expect, it } from 'vitest';
import { renderRunReport } from '../../src/report/renderRunReport.js';
import { CB_FOCAL_RUN, SOFTMAX_RUN } from './fixtures.js';
import { externalReferences, figureSvg, plotIds } from './htmlChecks.js';
import { CblossError } from '../../src/CblossError.js';
import { toSparseConfusionMatrix } from '../../src/eval/storedConfusionMatrix.js';
import type { RunResults } from '../../src/types.js';

/** A run of `classes` classes with a sparse confusion matrix: class c is mostly right, and taken for c + 1 by 3 + c % 5 of its 20 test samples. */
function manyClassRun(classes: number): RunResults {
  const names = Array.from({ length: classes }, (_, c) => `class ${c}`);
  const wrong = (c: number): number => 3 + (c % 5);
  const perClass = (value: (c: number) => number): number[] => names.map((_, c) => value(c));
  return {
    ...CB_FOCAL_RUN,
    dataset: { ...CB_FOCAL_RUN.dataset, classNames: names },
    samplesPerClass: perClass((c) => Math.max(5, 500 - 3 * c)),
    testSamplesPerClass: perClass(() => 20),
    effectiveNumbers: perClass(() => 1),
    classWeights: perClass(() => 1),
    perClassAccuracy: perClass((c) => (100 * (20 - wrong(c))) / 20),
    confusionMatrix: { format: 'sparse', numClasses: classes, entries: names.flatMap((_, c) => [[c, c, 20 - wrong(c)], [c, (c + 1) % classes, wrong(c)]] as const) },
  };
}

const RUNS = [SOFTMAX_RUN, CB_FOCAL_RUN];
const html = await renderRunReport(RUNS);

describe('renderRunReport', () => {
  it('is a complete page with a default title naming the runs and the dataset', () => {
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
    expect(html).toContain('<title>softmax vs CB focal (β=0.99, γ=0.5) on fashion-mnist (imbalance factor 100)</title>');
  });

  it('labels the per-epoch held-out error as test error, or as validation error for runs with a validation split', async () => {
    expect(html).toContain('test top-1 error %');
    const validated = { ...SOFTMAX_RUN, options: { ...SOFTMAX_RUN.options, data: { ...SOFTMAX_RUN.options.data, validationFraction: 0.1 } } };
    const page = await renderRunReport([validated]);
    expect(page).toContain('validation error % (class-balanced)');
    expect(page).not.toContain('test top-1 error %');
  });

  it('uses the given title, escaped', async () => {
    const page = await renderRunReport([SOFTMAX_RUN], { title: 'A <b> & B' });
    expect(page).toContain('<title>A &lt;b&gt; &amp; B</title>');
    expect(page).toContain('<h1>A &lt;b&gt; &amp; B</h1>');
  });

  it('records dataset, imbalance, seed, backend, version and dates in the header', () => {
    const facts = [
      ['Dataset', 'fashion-mnist'],
      ['Source', '/usr/share/datasets/fashion-mnist'],
      ['Imbalance factor', '100 (exponential profile; measured 500 / 5 = 100)'],
      ['Seed', '1'],
      ['Backend', 'cpu'],
      ['cbloss version', '0.1.0'],
      ['Started', '2026-11-27T05:00:00.000Z'],
      ['Training samples', '555 (largest class 500, smallest 5)'],
    ];
    for (const [k, v] of facts) expect(html).toContain(`<dt>${k}</dt><dd>${v}</dd>`);
  });

  it('lists values that differ between runs per run', async () => {
    const page = await renderRunReport([SOFTMAX_RUN, { ...CB_FOCAL_RUN, backend: 'libtorch' }]);
    expect(page).toContain('<dt>Backend</dt><dd>cpu / libtorch</dd>');
  });

  it('has the results table with errors, validation error and shot accuracies, thresholds stated', () => {
    expect(html).toContain('<th class="num">Many-shot (&gt;100) acc. %</th>');
    expect(html).toContain('<th class="num">Few-shot (&lt;20) acc. %</th>');
    expect(html).toMatch(/<td>CB focal \(β=0\.99, γ=0\.5\)<\/td><td>focal<\/td><td class="num">0\.99<\/td><td>γ=0\.5<\/td><td class="num">33\.46<\/td><td class="num">35\.50<\/td><td class="num">90\.00<\/td><td class="num">70\.00<\/td><td class="num">40\.05<\/td>/);
    expect(html).toMatch(/<td>softmax<\/td><td>softmax<\/td><td class="num">0<\/td><td>—<\/td><td class="num">40\.00<\/td><td class="num">—<\/td>/);
  });

  it('inlines every plot as SVG, in page order, one confusion matrix per run', () => {
    expect(plotIds(html)).toEqual(['class-counts', 'effective-number', 'class-weights', 'per-class-accuracy', 'training-curves', 'training-dynamics', 'confusion-1', 'confusion-2']);
    for (const id of plotIds(html)) {
      const svg = figureSvg(html, id);
      expect(svg, id).toMatch(/<svg [^>]*width="\d+(\.\d+)?" height="\d+(\.\d+)?"/);
      expect(svg, id).toMatch(/aria-roledescription="(bar|line|rect mark|point|text)"/);
    }
  });

  it('escapes class names from user folders everywhere', () => {
    expect(html).not.toContain('<b>');
    expect(html).toContain('Bag &lt;b&gt;&amp;&quot;x&#39;'); // our tables
    expect(figureSvg(html, 'class-counts')).toContain('Bag &lt;b&gt;&amp;"x\''); // vega's SVG text
  });

  it('escapes hostile option values and dataset paths too', async () => {
    const hostile = {
      ...CB_FOCAL_RUN,
      dataset: { ...CB_FOCAL_RUN.dataset, source: 'folder:/data/<img src=x onerror=alert(1)>' },
      options: { ...CB_FOCAL_RUN.options, out: '</pre><script>alert(1)</script>', model: '<i>cnn</i>' },
    };
    const page = await renderRunReport([hostile]);
    expect(externalReferences(page)).toEqual([]);
    expect(page).not.toMatch(/<(img|i|script)[\s>]/);
    expect(page).toContain('folder:/data/&lt;img src=x onerror=alert(1)&gt;');
    expect(page).toContain('&lt;/pre&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('references nothing outside the file and runs no script', () => {
    expect(externalReferences(html)).toEqual([]);
  });

  it('records every option of every run', () => {
    expect(html).toContain('&quot;method&quot;: &quot;focal&quot;');
    expect(html).toContain('&quot;gamma&quot;: 0.5');
    expect(html).toContain('&quot;seed&quot;: 1');
  });

  it('gives every element id on the page (gradients, clip paths of several SVGs) a unique name', () => {
    const ids = [...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
    expect(ids.length).toBeGreaterThan(0); // the confusion matrices have gradient legends
    expect(new Set(ids).size).toBe(ids.length);
    for (const ref of html.matchAll(/url\(#([^)]+)\)/g)) expect(ids).toContain(ref[1]);
  });

  it('is deterministic', async () => {
    expect(await renderRunReport(RUNS)).toBe(html);
  });

  it('omits the validation column and the test-error panel when nothing was validated', async () => {
    const bare = { ...SOFTMAX_RUN, history: SOFTMAX_RUN.history.map(({ testError: _, ...e }) => e) };
    const page = await renderRunReport([bare]);
    expect(page).not.toContain('Validation error');
    expect(figureSvg(page, 'training-curves')).not.toContain('>test top-1 error %</text>');
    expect(figureSvg(html, 'training-curves')).toContain('>test top-1 error %</text>');
  });

  it('draws a sparse confusion matrix of few classes exactly as the dense one', async () => {
    const sparse = { ...CB_FOCAL_RUN, confusionMatrix: toSparseConfusionMatrix(CB_FOCAL_RUN.confusionMatrix) };
    const page = await renderRunReport([SOFTMAX_RUN, sparse]);
    expect(figureSvg(page, 'confusion-2')).toBe(figureSvg(html, 'confusion-2'));
    expect(page).not.toContain('Not drawn');
  });

  it('does not draw a matrix of more than 100 classes: says why and lists the most frequent confusions', async () => {
    const page = await renderRunReport([manyClassRun(101)]);
    expect(plotIds(page)).toEqual(['class-counts', 'effective-number', 'class-weights', 'per-class-accuracy', 'training-curves', 'training-dynamics']);
    expect(page).toContain('Not drawn: 101 classes make 10,201 cells, too many to read (matrices are drawn up to 100 classes).');
    // 7 of 20 for the classes c ≡ 4 (mod 5), the lowest first.
    expect(page).toContain('<tr><td>4 class 4</td><td>5 class 5</td><td class="num">7</td><td class="num">35.0</td></tr>');
    const confusions = [...page.matchAll(/<tr><td>(\d+) class \d+<\/td><td>\d+ class \d+<\/td><td class="num">(\d+)<\/td>/g)];
    expect(confusions.map((m) => [Number(m[1]), Number(m[2])])).toEqual([4, 9, 14, 19, 24, 29, 34, 39, 44, 49].map((c) => [c, 7]));
    expect(page).not.toContain('<td>9 class 9</td><td>10 class 10</td><td class="num">6</td>');
    expect(externalReferences(page)).toEqual([]);
  });

  it('rejects no runs and runs of different class counts', async () => {
    await expect(renderRunReport([])).rejects.toThrow(new CblossError('invalid-argument', "renderRunReport: 'runs' must contain at least one run; got 0 runs."));
    const fewer = { ...CB_FOCAL_RUN, perClassAccuracy: [1, 2] };
    await expect(renderRunReport([SOFTMAX_RUN, fewer])).rejects.toThrow("renderRunReport: 'runs[1].perClassAccuracy' must have one entry per class (3); got 2.");
    const ragged = { ...CB_FOCAL_RUN, confusionMatrix: [[1, 2, 3], [1, 2], [1, 2, 3]] };
    await expect(renderRunReport([ragged])).rejects.toThrow("renderRunReport: 'runs[0]' must have 'confusionMatrix[1]' with one entry per class (3); got 2.");
    const sparse = { ...CB_FOCAL_RUN, confusionMatrix: { format: 'sparse' as const, numClasses: 3, entries: [[0, 3, 1] as const] } };
    await expect(renderRunReport([sparse])).rejects.toMatchObject({ code: 'shape-mismatch', message: expect.stringContaining("'runs[0]' must have 'confusionMatrix.entries[0]' as [true class") });
  });
});
