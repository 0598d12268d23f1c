import { describe, expect, it } from 'vitest';
import { escapeHtml } from '../../src/report/escapeHtml.js';

describe('escapeHtml', () => {
  it('replaces the five HTML-special characters with entities', () => {
    expect(escapeHtml(`<a href="x">Tom & Jerry's</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;');
  });

  it('leaves other text, including non-ASCII, untouched', () => {
    expect(escapeHtml('CB focal (β=0.999, γ=0.5) — ±1 日本')).toBe('CB focal (β=0.999, γ=0.5) — ±1 日本');
  });

  it('escapes an ampersand once, so existing entities are shown literally', () => {
    expect(escapeHtml('&lt;')).toBe('&amp;lt;');
  });
});
