import { describe, expect, it } from 'vitest';
import { addSvgTitles } from '../../../src/report/plots/addSvgTitles.js';
import { renderSvg } from '../../../src/report/plots/renderSvg.js';
import { trainingDynamicsSpec } from '../../../src/report/plots/trainingDynamicsSpec.js';
import { CB_FOCAL_RUN, SOFTMAX_RUN } from '../fixtures.js';

describe('addSvgTitles', () => {
  it('copies the aria-label of a point or bar into a <title> child; leaves series paths and other elements alone', () => {
    const point = '<path aria-label="epoch: 1; loss: 2.5" role="graphics-symbol" aria-roledescription="point" d="M0,0"/>';
    expect(addSvgTitles(point)).toBe(
      '<path aria-label="epoch: 1; loss: 2.5" role="graphics-symbol" aria-roledescription="point" d="M0,0"><title>epoch: 1; loss: 2.5</title></path>',
    );
    const line = '<path aria-label="epoch: 1; loss: 2.5" role="graphics-symbol" aria-roledescription="line mark" d="M0,0L1,1"/>';
    expect(addSvgTitles(line)).toBe(line);
    const plain = '<path d="M0,0"/><g aria-label="axis"><rect width="1"/></g>';
    expect(addSvgTitles(plain)).toBe(plain);
    // Already escaped for an attribute: the same text is valid element content.
    expect(addSvgTitles('<rect aria-label="class: Bag &lt;b&gt;&amp;&quot;x" width="2"/>')).toBe(
      '<rect aria-label="class: Bag &lt;b&gt;&amp;&quot;x" width="2"><title>class: Bag &lt;b&gt;&amp;&quot;x</title></rect>',
    );
  });
});

describe('trainingDynamicsSpec', () => {
  it('draws training accuracy and the learning rate (log scale), one line per run, each point titled with its values', async () => {
    const spec = trainingDynamicsSpec([
      { label: 'softmax', history: SOFTMAX_RUN.history },
      { label: 'cb-focal', history: CB_FOCAL_RUN.history.map((e, i) => ({ ...e, learningRate: [0.02, 0.1, 0.001][i]! })) },
    ]);
    const svg = await renderSvg(spec, 'dyn');
    expect(svg.match(/aria-roledescription="line mark"/g)).toHaveLength(4);
    expect(svg).toContain('learning rate (log scale)');
    expect(svg).toContain('<title>epoch: 3; learning rate (log scale): 0.001; run: cb-focal</title>');
    expect(svg).toContain('<title>epoch: 2; training accuracy %: 60; run: softmax</title>');
    expect(svg.match(/<title>/g)).toHaveLength(12);
  });
});
