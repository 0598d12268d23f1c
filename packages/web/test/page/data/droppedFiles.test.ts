import { describe, expect, it } from 'vitest';
import { droppedFiles } from '../../../src/page/data/droppedFiles.js';

// A drop gives FileSystemEntry trees (webkitGetAsEntry); directory readers hand out their entries in chunks
// (100 at a time in Chromium) until an empty one. These fakes follow that protocol.
type Fake = { isFile: boolean; isDirectory: boolean; fullPath: string; name: string };

function fileEntry(fullPath: string): Fake & { file: (ok: (f: Blob) => void) => void } {
  return { isFile: true, isDirectory: false, fullPath, name: fullPath.split('/').pop() ?? '', file: (ok) => ok(new Blob([fullPath])) };
}

function directoryEntry(fullPath: string, children: Fake[], chunk = 2): Fake & { createReader: () => { readEntries: (ok: (e: Fake[]) => void) => void } } {
  return {
    isFile: false,
    isDirectory: true,
    fullPath,
    name: fullPath.split('/').pop() ?? '',
    createReader: () => {
      let next = 0;
      return {
        readEntries: (ok) => {
          const part = children.slice(next, next + chunk);
          next += part.length;
          setTimeout(() => ok(part), 0);
        },
      };
    },
  };
}

function transfer(entries: (Fake | null)[]): DataTransfer {
  return { items: entries.map((entry) => ({ webkitGetAsEntry: () => entry })) } as unknown as DataTransfer;
}

describe('droppedFiles', () => {
  it('walks dropped folders recursively, reading every chunk, with paths relative to the drop', async () => {
    const cats = directoryEntry('/pets/cat', [fileEntry('/pets/cat/1.png'), fileEntry('/pets/cat/2.png'), fileEntry('/pets/cat/3.png')]);
    const dogs = directoryEntry('/pets/dog', [directoryEntry('/pets/dog/old', [fileEntry('/pets/dog/old/4.png')]), fileEntry('/pets/dog/5.png')]);
    const files = await droppedFiles(transfer([directoryEntry('/pets', [cats, dogs]), null, fileEntry('/loose.csv')]));
    expect(files.map((f) => f.path)).toEqual(['pets/cat/1.png', 'pets/cat/2.png', 'pets/cat/3.png', 'pets/dog/old/4.png', 'pets/dog/5.png', 'loose.csv']);
    expect(await files[3]?.file.text()).toBe('/pets/dog/old/4.png');
  });

  it('gives nothing for a drop without files', async () => {
    expect(await droppedFiles(transfer([null]))).toEqual([]);
  });
});
