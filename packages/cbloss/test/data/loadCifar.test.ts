import { rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadCifar10, loadCifar100 } from '../../src/data/loadCifar.js';
import { put, tempDir } from './tempDir.js';

/** CIFAR records: label byte(s), then R plane = 10+k, G plane = 100+k, B plane = 200+k (k = record index). */
function records(labels: number[][]): Uint8Array {
  const size = labels[0]!.length + 3072;
  const out = new Uint8Array(labels.length * size);
  labels.forEach((l, k) => {
    out.set(l, k * size);
    const planes = k * size + l.length;
    out.fill(10 + k, planes, planes + 1024);
    out.fill(100 + k, planes + 1024, planes + 2048);
    out.fill(200 + k, planes + 2048, planes + 3072);
  });
  return out;
}

function fakeCifar10(root: string, sub = ''): void {
  for (let i = 1; i <= 5; i++) put(root, `${sub}data_batch_${i}.bin`, records([[i - 1], [9]]));
  put(root, `${sub}test_batch.bin`, records([[2]]));
}

describe('loadCifar10', () => {
  it('reads the five training batches and the test batch, CHW → HWC', () => {
    const dir = tempDir();
    fakeCifar10(dir);
    const ds = loadCifar10(dir);
    expect(ds.sampleShape).toEqual([32, 32, 3]);
    expect(ds.train.count).toBe(10);
    expect(Array.from(ds.train.labels)).toEqual([0, 9, 1, 9, 2, 9, 3, 9, 4, 9]);
    // First pixel of record 1 of batch 1 and last pixel: (r, g, b) interleaved.
    expect(Array.from(ds.train.x.subarray(3072, 3078))).toEqual([11, 101, 201, 11, 101, 201]);
    expect(Array.from(ds.train.x.subarray(2 * 3072 - 3, 2 * 3072))).toEqual([11, 101, 201]);
    expect(ds.test.count).toBe(1);
    expect(ds.classNames[0]).toBe('airplane');
  });

  it('finds the files inside cifar-10-batches-bin and reads batches.meta.txt', () => {
    const dir = tempDir();
    fakeCifar10(dir, 'cifar-10-batches-bin/');
    put(dir, 'cifar-10-batches-bin/batches.meta.txt', 'a\nb\nc\nd\ne\nf\ng\nh\ni\nj\n\n');
    const ds = loadCifar10(dir);
    expect(ds.classNames).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j']);
    expect(ds.source).toContain('cifar-10-batches-bin');
  });

  it('rejects a truncated batch, naming it', () => {
    const dir = tempDir();
    fakeCifar10(dir);
    const path = put(dir, 'data_batch_3.bin', records([[1], [2]]).subarray(0, 6000));
    expect(() => loadCifar10(dir)).toThrow(
      expect.objectContaining({ code: 'invalid-file', message: `loadCifar10: file '${path}' must hold whole records of 3073 bytes; got 6000 bytes.` }),
    );
  });

  it('rejects a label ≥ 10', () => {
    const dir = tempDir();
    fakeCifar10(dir);
    put(dir, 'test_batch.bin', records([[1], [10]]));
    expect(() => loadCifar10(dir)).toThrow(/test_batch\.bin' must hold labels in \[0, 10\); got 10 in record 1/);
  });

  it('needs dataDir and the files (not-found)', () => {
    expect(() => loadCifar10(undefined)).toThrow(expect.objectContaining({ code: 'not-found', message: expect.stringMatching(/'dataDir' must be given/) }));
    expect(() => loadCifar10(tempDir())).toThrow(/must contain data_batch_1\.bin/);
    const dir = tempDir();
    fakeCifar10(dir);
    const missing = `${dir}/test_batch.bin`;
    rmSync(missing);
    expect(() => loadCifar10(dir)).toThrow(expect.objectContaining({ code: 'not-found', message: expect.stringContaining(missing) }));
  });
});

describe('loadCifar100', () => {
  it('uses the fine label (second byte) and the 100 fine class names', () => {
    const dir = tempDir();
    put(dir, 'train.bin', records([[3, 42], [19, 99]]));
    put(dir, 'test.bin', records([[0, 7]]));
    const ds = loadCifar100(dir);
    expect(ds.numClasses).toBe(100);
    expect(ds.classNames).toHaveLength(100);
    expect(ds.classNames[99]).toBe('worm');
    expect(Array.from(ds.train.labels)).toEqual([42, 99]);
    expect(Array.from(ds.train.x.subarray(3072, 3075))).toEqual([11, 101, 201]);
    expect(Array.from(ds.test.labels)).toEqual([7]);
  });

  it('rejects a fine label ≥ 100, a coarse label ≥ 20 and a wrong record size', () => {
    const dir = tempDir();
    put(dir, 'train.bin', records([[3, 100]]));
    put(dir, 'test.bin', records([[0, 7]]));
    expect(() => loadCifar100(dir)).toThrow(/train\.bin' must hold fine labels in \[0, 100\); got 100 in record 0/);
    put(dir, 'train.bin', records([[3, 1], [20, 1]]));
    expect(() => loadCifar100(dir)).toThrow(/must hold coarse labels in \[0, 20\); got 20 in record 1/);
    put(dir, 'train.bin', records([[3]])); // CIFAR-10-style records: 3073 bytes
    expect(() => loadCifar100(dir)).toThrow(/whole records of 3074 bytes; got 3073 bytes/);
  });
});
