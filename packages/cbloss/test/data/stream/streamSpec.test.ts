import { CblossError } from '../../../src/CblossError.js';
import { describe, expect, it } from 'vitest';
import { parseStreamSpec, STREAM_FORMATS, STREAM_SPEC_HELP } from '../../../src/data/stream/streamSpec.js';

describe('parseStreamSpec', () => {
  it('splits each format prefix from its path (the path may contain colons)', () => {
    expect(parseStreamSpec('inat:/data/inat2018/train2018.json')).toEqual({ format: 'inat', path: '/data/inat2018/train2018.json' });
    expect(parseStreamSpec('list:ImageNet_LT_train.txt')).toEqual({ format: 'list', path: 'ImageNet_LT_train.txt' });
    expect(parseStreamSpec('ilsvrc:/data/ILSVRC2012')).toEqual({ format: 'ilsvrc', path: '/data/ILSVRC2012' });
    expect(parseStreamSpec('folder:C:/pets')).toEqual({ format: 'folder', path: 'C:/pets' });
  });

  it('rejects an unknown prefix with the nearest valid one, and an empty path', () => {
    expect(() => parseStreamSpec('inaturalist:x.json')).toThrow(CblossError);
    expect(() => parseStreamSpec('ilsvr:/data')).toThrow(
      "parseStreamSpec: 'spec' must start with one of inat:, list:, ilsvrc:, folder: (did you mean 'ilsvrc:'?); got 'ilsvr:/data'.",
    );
    expect(() => parseStreamSpec('inat:')).toThrow("parseStreamSpec: 'spec' must give a path after 'inat:'; got 'inat:'.");
    try {
      parseStreamSpec('nope');
    } catch (e) {
      expect((e as CblossError).code).toBe('unknown-name');
    }
  });

  it('documents every format, starting with its spec', () => {
    for (const format of STREAM_FORMATS) {
      expect(STREAM_SPEC_HELP[format].usage.startsWith(`${format}:`)).toBe(true);
      expect(parseStreamSpec(STREAM_SPEC_HELP[format].usage).format).toBe(format);
      expect(STREAM_SPEC_HELP[format].help.length).toBeGreaterThan(20);
    }
  });
});
