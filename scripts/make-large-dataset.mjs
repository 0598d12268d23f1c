#!/usr/bin/env node
// Writes a generated dataset in one of the streamed layouts (real JPEG files + annotation/list files), for
// trying the large-scale pipeline and for bench/stream without iNaturalist or ImageNet on disk.
//
//   node scripts/make-large-dataset.mjs OUT_DIR [--format inat|list|ilsvrc|folder] [--classes 1000]
//        [--max-count 20] [--imbalance-factor 10] [--test-per-class 2] [--size 40,72] [--quality 90] [--seed 0]
//
// Class i gets floor(max-count · (1/IF)^(i/(C−1))) training images (at least 1) and --test-per-class
// evaluation images; every image is a class-dependent coloured grating of a random size within --size
// (min,max of width and height). Prints the spec that opens it (e.g. `inat:OUT_DIR/train.json`) and the counts.
// Needs the built package (npm run build).
import { parseArgs } from 'node:util';
import { makeStreamDataset, STREAM_FORMATS } from 'cbloss';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    format: { type: 'string', default: 'inat' },
    classes: { type: 'string', default: '1000' },
    'max-count': { type: 'string', default: '20' },
    'imbalance-factor': { type: 'string', default: '10' },
    'test-per-class': { type: 'string', default: '2' },
    size: { type: 'string', default: '40,72' },
    quality: { type: 'string', default: '90' },
    seed: { type: 'string', default: '0' },
  },
});
const out = positionals[0];
if (out === undefined || !STREAM_FORMATS.includes(values.format)) {
  console.error(`usage: make-large-dataset.mjs OUT_DIR [--format ${STREAM_FORMATS.join('|')}] [--classes N] [--max-count N] ...`);
  process.exit(2);
}
const integer = (name) => {
  const v = Number(values[name]);
  if (!Number.isInteger(v)) {
    console.error(`make-large-dataset: --${name} must be an integer; got '${values[name]}'.`);
    process.exit(2);
  }
  return v;
};
const size = values.size.split(',').map(Number);
const started = performance.now();
try {
  const made = await makeStreamDataset(out, {
    format: values.format,
    numClasses: integer('classes'),
    maxCount: integer('max-count'),
    imbalanceFactor: Number(values['imbalance-factor']),
    testPerClass: integer('test-per-class'),
    imageSize: size.length === 1 ? [size[0], size[0]] : size,
    quality: integer('quality'),
    seed: integer('seed'),
  });
  const train = made.trainCounts.reduce((a, b) => a + b, 0);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`${made.spec}\n${made.classNames.length} classes, ${train} training images (class 0: ${made.trainCounts[0]}, last: ${made.trainCounts.at(-1)}), ${made.testCount} evaluation images, ${seconds} s`);
} catch (e) {
  console.error(`make-large-dataset: ${e.message}`);
  process.exit(1);
}
