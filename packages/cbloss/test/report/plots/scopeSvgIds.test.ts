import { describe, expect, it } from 'vitest';
import { scopeSvgIds } from '../../../src/report/plots/scopeSvgIds.js';

describe('scopeSvgIds', () => {
  it('renames ids in order of appearance and rewrites url() and href references', () => {
    const svg = '<svg><clipPath id="clip9"/><linearGradient id="gradient_3"/><g clip-path="url(#clip9)"><path fill="url(#gradient_3)"/><use href="#clip9"/></g></svg>';
    expect(scopeSvgIds(svg, 'p')).toBe(
      '<svg><clipPath id="p-1"/><linearGradient id="p-2"/><g clip-path="url(#p-1)"><path fill="url(#p-2)"/><use href="#p-1"/></g></svg>',
    );
  });

  it('leaves SVGs without ids and unknown references alone', () => {
    expect(scopeSvgIds('<svg><path fill="url(#other)"/></svg>', 'p')).toBe('<svg><path fill="url(#other)"/></svg>');
  });
});
