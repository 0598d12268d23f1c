import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CblossError } from '../../../src/CblossError.js';
import { describe, expect, it } from 'vitest';
import { makeStreamDataset } from '../../../src/data/stream/makeStreamDataset.js';
import { defaultTestFile, openStreamDataset } from '../../../src/data/stream/openStreamDataset.js';
import { readIlsvrcIndex } from '../../../src/data/stream/readIlsvrcIndex.js';
import { readInatIndex } from '../../../src/data/stream/readInatIndex.js';
import { readListIndex } from '../../../src/data/stream/readListIndex.js';
import { STREAM_FORMATS } from '../../../src/data/stream/streamSpec.js';
import { put, tempDir } from '../tempDir.js';

function errorOf(f: () => unknown): CblossError {
  try {
    f();
  } catch (e) {
    return e as CblossError;
  }
  throw new Error('expected an error');
}

describe('openStreamDataset on generated datasets of every format', () => {
  it.each(STREAM_FORMATS)('%s: class names, per-class counts and both splits from the index alone', async (format) => {
    const dir = tempDir();
    // (jpeg-js sets up its encoder tables per image, ~20 ms: keep the file count small.)
    const made = await makeStreamDataset(dir, { format, numClasses: 4, maxCount: 3, imbalanceFactor: 3, testPerClass: 1, imageSize: [8, 12], seed: 3 });
    const ds = openStreamDataset(made.spec);
    expect(ds.numClasses).toBe(4);
    expect(ds.classNames).toEqual(made.classNames);
    expect(ds.trainCounts).toEqual([3, 2, 1, 1]); // floor(3·(1/3)^(i/3)), at least 1
    expect(ds.trainCounts).toEqual(made.trainCounts);
    expect(ds.train.count).toBe(7);
    expect(ds.test.count).toBe(4);
    expect(Array.from(ds.test.labels).sort()).toEqual([0, 1, 2, 3]);
    // Every indexed file exists and is one the generator wrote, with the label of its class.
    const written = new Set(made.files);
    for (const split of [ds.train, ds.test]) {
      split.paths.forEach((p) => expect(written.has(p) && existsSync(p)).toBe(true));
      expect(split.labels.length).toBe(split.count);
    }
  });
});

describe('readInatIndex', () => {
  const json = (o: unknown): string => JSON.stringify(o);

  it('labels = ranks of the category ids; paths under the root; val reads with the training categories', () => {
    const dir = tempDir();
    const file = put(
      dir,
      'train2019.json',
      json({
        images: [
          { id: 10, file_name: 'train_val2019/a/1.jpg' },
          { id: 11, file_name: 'train_val2019/b/2.jpg' },
          { id: 12, file_name: 'train_val2019/b/3.jpg' },
        ],
        annotations: [
          { id: 1, image_id: 12, category_id: 7 },
          { id: 2, image_id: 10, category_id: 3 },
          { id: 3, image_id: 11, category_id: 7 },
        ],
        categories: [
          { id: 7, name: 'Bufo bufo' },
          { id: 3, name: 'Quercus robur' },
        ],
      }),
    );
    const { split, categories } = readInatIndex(file);
    expect(categories).toEqual({ ids: [3, 7], names: ['Quercus robur', 'Bufo bufo'] });
    expect(split.paths).toEqual([join(dir, 'train_val2019/a/1.jpg'), join(dir, 'train_val2019/b/2.jpg'), join(dir, 'train_val2019/b/3.jpg')]);
    expect(Array.from(split.labels)).toEqual([0, 1, 1]);
    expect(readInatIndex(file, { root: '/images' }).split.paths[0]).toBe('/images/train_val2019/a/1.jpg');
    const val = put(dir, 'val2019.json', json({ images: [{ id: 1, file_name: 'v.jpg' }], annotations: [{ image_id: 1, category_id: 7 }] }));
    expect(Array.from(readInatIndex(val, { categories }).split.labels)).toEqual([1]);
    expect(defaultTestFile(file)).toBe(join(dir, 'val2019.json'));
    const ds = openStreamDataset(`inat:${file}`);
    expect(ds.trainCounts).toEqual([1, 2]);
    expect(ds.test.count).toBe(1);
  });

  it('names the file and the problem for bad annotations', () => {
    const dir = tempDir();
    const cats = [{ id: 0, name: 'a' }];
    const bad = (name: string, content: string): CblossError => errorOf(() => readInatIndex(put(dir, name, content)));
    expect(bad('a.json', '{"images": [').message).toMatch(/^readInatIndex: file '.*a\.json' must be valid JSON; got '.*'\.$/);
    expect(bad('b.json', json({ annotations: [], categories: cats })).message).toBe(
      `readInatIndex: file '${join(dir, 'b.json')}' must have an 'images' array of objects (COCO-style iNaturalist annotations); got none.`,
    );
    const unlabelled = bad('c.json', json({ images: [{ id: 1, file_name: 'x.jpg' }], annotations: [], categories: cats }));
    expect(unlabelled.code).toBe('invalid-file');
    expect(unlabelled.message).toContain(`got no annotation for '${join(dir, 'x.jpg')}'`);
    expect(bad('d.json', json({ images: [{ id: 1, file_name: 'x.jpg' }], annotations: [{ image_id: 1, category_id: 5 }], categories: cats })).message).toContain(
      'must use only listed category ids; got category_id 5 for image 1.',
    );
    expect(bad('e.json', json({ images: [{ id: 1, file_name: 'x.jpg' }], annotations: [{ image_id: 2, category_id: 0 }], categories: cats })).message).toContain(
      'must annotate only listed images; got image_id 2.',
    );
    expect(errorOf(() => readInatIndex(join(dir, 'missing.json'))).code).toBe('not-found');
    expect(errorOf(() => openStreamDataset(`inat:${put(dir, 'only.json', '{}')}`)).message).toContain("'testFile' must be given");
  });
});

describe('readListIndex', () => {
  it("reads 'path label' lines (paths with spaces too), names classes by their files' directory", () => {
    const dir = tempDir();
    const file = put(dir, 'ImageNet_LT_train.txt', 'train/n01/a.JPEG 0\ntrain/n02/b c.JPEG 1\n\ntrain/n01/d.JPEG 0\r\n');
    const { split, numClasses, names } = readListIndex(file);
    expect(split.paths).toEqual([join(dir, 'train/n01/a.JPEG'), join(dir, 'train/n02/b c.JPEG'), join(dir, 'train/n01/d.JPEG')]);
    expect(Array.from(split.labels)).toEqual([0, 1, 0]);
    expect(numClasses).toBe(2);
    expect(names).toEqual(['n01', 'n02']);
    // Mixed directories within a class, or a label with no file: the label numbers.
    expect(readListIndex(put(dir, 'mixed.txt', 'x/a.jpg 0\ny/b.jpg 0\nz/c.jpg 2\n')).names).toEqual(['0', '1', 'z']);
    expect(defaultTestFile(file)).toBe(join(dir, 'ImageNet_LT_val.txt'));
  });

  it('names the file and line of a bad line; rejects test labels outside the training classes', () => {
    const dir = tempDir();
    const file = put(dir, 'train.txt', 'a.jpg 0\nb.jpg one\n');
    expect(errorOf(() => readListIndex(file)).message).toBe(
      `readListIndex: line 2 of '${file}' must be 'relative/path.jpg LABEL' with an integer LABEL ≥ 0; got 'b.jpg one'.`,
    );
    put(dir, 'ok_train.txt', 'a.jpg 0\nb.jpg 1\n');
    put(dir, 'ok_val.txt', 'c.jpg 5\n');
    expect(errorOf(() => openStreamDataset(`list:${join(dir, 'ok_train.txt')}`)).message).toBe(
      `openStreamDataset: file '${join(dir, 'ok_val.txt')}' must use the training labels [0, 2); got 5 for '${join(dir, 'c.jpg')}'.`,
    );
  });
});

describe('readIlsvrcIndex', () => {
  const tree = (): string => {
    const dir = tempDir();
    for (const wnid of ['n02', 'n01']) for (const k of [1, 2]) put(dir, `train/${wnid}/${wnid}_${k}.JPEG`, 'x');
    put(dir, 'train/n01/notes.txt', 'ignored');
    put(dir, 'val/ILSVRC2012_val_00000001.JPEG', 'x');
    put(dir, 'val/ILSVRC2012_val_00000002.JPEG', 'x');
    return dir;
  };

  it('numbers classes by sorted wnid; reads val.txt with indices or wnids, or Kaggle’s LOC_val_solution.csv', () => {
    const dir = tree();
    put(dir, 'val.txt', 'ILSVRC2012_val_00000001.JPEG 1\nILSVRC2012_val_00000002.JPEG n01\n');
    const { classNames, train, test } = readIlsvrcIndex(dir);
    expect(classNames).toEqual(['n01', 'n02']);
    expect(train.count).toBe(4);
    expect(Array.from(train.labels)).toEqual([0, 0, 1, 1]);
    expect(Array.from(test.labels)).toEqual([1, 0]);
    const kaggle = tree();
    put(kaggle, 'LOC_val_solution.csv', 'ImageId,PredictionString\nILSVRC2012_val_00000002,n02 1 2 3 4 n02 5 6 7 8\nILSVRC2012_val_00000001,n01 1 2 3 4\n');
    expect(Array.from(readIlsvrcIndex(kaggle).test.labels)).toEqual([0, 1]);
  });

  it('reads a val re-filed into wnid directories; errors name the missing label file or image', () => {
    const dir = tempDir();
    put(dir, 'train/n01/a.JPEG', 'x');
    put(dir, 'train/n02/b.JPEG', 'x');
    put(dir, 'val/n02/c.JPEG', 'x');
    expect(Array.from(readIlsvrcIndex(dir).test.labels)).toEqual([1]);
    const flat = tree();
    expect(errorOf(() => readIlsvrcIndex(flat)).message).toBe(
      `readIlsvrcIndex: '${flat}' must hold a val label file (val.txt or LOC_val_solution.csv) for its flat 'val' directory; got none.`,
    );
    put(flat, 'val.txt', 'ILSVRC2012_val_00000001.JPEG 0\n');
    expect(errorOf(() => readIlsvrcIndex(flat)).message).toBe(
      `readIlsvrcIndex: file '${join(flat, 'val.txt')}' must give a label for every val image; got none for 'ILSVRC2012_val_00000002.JPEG'.`,
    );
    expect(errorOf(() => readIlsvrcIndex(join(flat, 'nowhere'))).code).toBe('not-found');
  });
});

describe('readFolderIndex via openStreamDataset', () => {
  it('requires the same classes in test, and an image in each training class', () => {
    const dir = tempDir();
    put(dir, 'train/cat/1.jpg', 'x');
    put(dir, 'train/dog/1.jpg', 'x');
    put(dir, 'test/cat/1.jpg', 'x');
    expect(errorOf(() => openStreamDataset(`folder:${dir}`)).message).toContain('must have the same class directories as train; got 1 missing [dog]');
    put(dir, 'test/dog/x.txt', 'not an image');
    const ds = openStreamDataset(`folder:${dir}`);
    expect(ds.trainCounts).toEqual([1, 1]);
    expect(ds.test.count).toBe(1);
    put(dir, 'train/emu/readme.md', 'no images');
    put(dir, 'test/emu/1.jpg', 'x');
    expect(errorOf(() => openStreamDataset(`folder:${dir}`)).message).toBe(
      `readFolderIndex: class directory '${join(dir, 'train', 'emu')}' must hold at least one .jpg/.jpeg/.png image; got none.`,
    );
  });
});
