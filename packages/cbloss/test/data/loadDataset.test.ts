import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DATASETS } from '../../src/data/datasets.js';
import { findDataset, loadDataset } from '../../src/data/loadDataset.js';
import { FASHION_MNIST_DEFAULT_DIR } from '../../src/data/loadIdxDataset.js';
import { pngBytes, solid } from './imageFiles.js';
import { put, tempDir } from './tempDir.js';

describe('loadDataset', () => {
  it('is one registry: names and path prefixes, each with its usage and help', () => {
    expect(DATASETS.map((d) => d.usage)).toEqual([
      'fashion-mnist', 'mnist', 'cifar10', 'cifar100', 'folder:PATH', 'csv:PATH', 'synthetic', 'synthetic-images',
      'inat:TRAIN.json', 'list:TRAIN.txt', 'ilsvrc:ROOT', 'folder-stream:ROOT',
    ]);
    expect(DATASETS.filter((d) => d.kind === 'stream').map((d) => d.spec)).toEqual(['inat:', 'list:', 'ilsvrc:', 'folder-stream:']);
    expect(findDataset('folder-stream:/data/pets')).toMatchObject({ entry: { spec: 'folder-stream:', kind: 'stream', format: 'folder' }, argument: '/data/pets' });
    expect(findDataset('folder:/data/pets')).toMatchObject({ entry: { kind: 'memory' } });
    for (const d of DATASETS) expect(d.help.length).toBeGreaterThan(0);
    expect(findDataset('folder:/data/pets')).toMatchObject({ entry: { spec: 'folder:' }, argument: '/data/pets' });
    expect(findDataset('cifar10')).toMatchObject({ entry: { spec: 'cifar10' }, argument: '' });
    expect(() => findDataset('csv:')).toThrow("loadDataset: 'csv:PATH' must have a non-empty PATH; got 'csv:'.");
  });

  it('loads the synthetic datasets, seeded by options.seed', async () => {
    const tab = await loadDataset('synthetic', { seed: 3 });
    expect(tab.kind).toBe('tabular');
    expect(tab.name).toBe('synthetic');
    const img = await loadDataset('synthetic-images');
    expect(img.sampleShape).toEqual([16, 16, 1]);
    expect(Array.from((await loadDataset('synthetic', { seed: 3 })).test.x.subarray(0, 5))).toEqual(Array.from(tab.test.x.subarray(0, 5)));
  });

  it('routes folder:PATH (with imageSize) and csv:PATH', async () => {
    const root = tempDir();
    put(root, 'train/a/1.png', pngBytes(2, 2, solid(2, 2, [1, 2, 3, 255])));
    put(root, 'test/a/1.png', pngBytes(2, 2, solid(2, 2, [1, 2, 3, 255])));
    const folder = await loadDataset(`folder:${root}`, { imageSize: [4, 4] });
    expect(folder.sampleShape).toEqual([4, 4, 3]);
    expect(folder.name).toBe(`folder:${root}`);
    const csv = put(root, 'd.csv', 'a,label\n1,x\n2,y\n3,x\n4,y\n5,x\n');
    const ds = await loadDataset(`csv:${csv}`, { seed: 1 });
    expect(ds.classNames).toEqual(['x', 'y']);
    expect(ds.train.count + ds.test.count).toBe(5);
  });

  it('rejects unknown names with the nearest valid one', async () => {
    await expect(loadDataset('cifar-10')).rejects.toMatchObject({
      code: 'unknown-name',
      message:
        "loadDataset: 'spec' must be one of fashion-mnist, mnist, cifar10, cifar100, folder:PATH, csv:PATH, synthetic, synthetic-images, inat:TRAIN.json, list:TRAIN.txt, ilsvrc:ROOT, folder-stream:ROOT (did you mean 'cifar10'?); got 'cifar-10'.",
    });
    await expect(loadDataset('fashion_mnist')).rejects.toThrow(/did you mean 'fashion-mnist'\?/);
    await expect(loadDataset('foldr:/data/x')).rejects.toThrow(/did you mean 'folder:\/data\/x'\?/);
    await expect(loadDataset('imagenet')).rejects.toThrow(/folder-stream:ROOT; got 'imagenet'\.$/);
    await expect(loadDataset('inat:/data/train2018.json')).rejects.toThrow(
      "loadDataset: 'spec' must name a dataset that fits in memory; got 'inat:/data/train2018.json', which is streamed from disk (open it with openDatasetStream).",
    );
    await expect(loadDataset('csv:')).rejects.toMatchObject({ code: 'invalid-argument' });
  });

  it('says where missing data comes from', async () => {
    await expect(loadDataset('mnist')).rejects.toMatchObject({ code: 'not-found' });
    await expect(loadDataset('cifar100')).rejects.toThrow(/cifar-100-binary\.tar\.gz/);
    await expect(loadDataset('fashion-mnist', { dataDir: '/nonexistent/fm' })).rejects.toMatchObject({ code: 'not-found' });
  });

  it.skipIf(!existsSync(FASHION_MNIST_DEFAULT_DIR))('loads Fashion-MNIST from the default directory', async () => {
    const ds = await loadDataset('fashion-mnist');
    expect([ds.train.count, ds.test.count]).toEqual([60000, 10000]);
    expect(ds.sampleShape).toEqual([28, 28, 1]);
    expect(ds.source).toBe(FASHION_MNIST_DEFAULT_DIR);
  });
});
