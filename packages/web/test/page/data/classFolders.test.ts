import { describe, expect, it } from 'vitest';
import { groupByClassFolder } from '../../../src/page/data/classFolders.js';

describe('groupByClassFolder', () => {
  it('reads one picked folder: classes are its subfolders, largest first; deeper images belong to their class folder', () => {
    const result = groupByClassFolder(['pets/dog/1.jpg', 'pets/cat/a.PNG', 'pets/dog/sub/2.jpeg', 'pets/cat/b.webp', 'pets/dog/3.gif']);
    expect(result.classNames).toEqual(['dog', 'cat']);
    expect(result.samplesPerClass).toEqual([3, 2]);
    expect(result.images).toEqual([
      { index: 0, label: 0 },
      { index: 1, label: 1 },
      { index: 2, label: 0 },
      { index: 3, label: 1 },
      { index: 4, label: 0 },
    ]);
    expect(result.skipped).toBe(0);
  });

  it('reads several class folders dropped at once (no common root)', () => {
    const result = groupByClassFolder(['cat/1.png', 'dog/2.png', 'dog/3.png']);
    expect(result.classNames).toEqual(['dog', 'cat']);
    expect(result.samplesPerClass).toEqual([2, 1]);
  });

  it('skips non-images, hidden files and folders, and files directly in the root', () => {
    const result = groupByClassFolder(['d/a/1.png', 'd/b/2.png', 'd/readme.txt', 'd/a/.DS_Store', 'd/.git/x.png', 'd/b/notes.md', 'd/top.png']);
    expect(result.classNames).toEqual(['a', 'b']);
    expect(result.images.map((i) => i.index)).toEqual([0, 1]);
    expect(result.skipped).toBe(5);
  });

  it('orders classes of equal size by name, and keeps a name that prefixes another separate', () => {
    expect(groupByClassFolder(['r/b/1.png', 'r/ab/1.png', 'r/a/1.png', 'r/c/1.png', 'r/c/2.png']).classNames).toEqual(['c', 'a', 'ab', 'b']);
  });

  it('rejects a folder with fewer than two class folders, saying what it found', () => {
    expect(() => groupByClassFolder(['cats/1.png', 'cats/2.png'])).toThrow(
      "groupByClassFolder: the folder must hold one subfolder of images per class, at least 2; got 1 class folder with images (2 images among 2 files).",
    );
    expect(() => groupByClassFolder(['notes.txt'])).toThrow(/got 0 class folders with images \(0 images among 1 files\)/);
    expect(() => groupByClassFolder([])).toThrow(expect.objectContaining({ code: 'invalid-file' }));
  });
});
