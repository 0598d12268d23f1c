import { dirname, join } from 'node:path';
import { CblossError } from '../../CblossError.js';
import { fileError } from '../fileError.js';
import type { StreamSplit } from './StreamDataset.js';
import { readJsonFile } from './readTextFile.js';

/** The categories of an iNaturalist annotation file: ids in ascending order (label = rank) and names. */
export interface InatCategories {
  readonly ids: readonly number[];
  readonly names: readonly string[];
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function arrayField(fn: string, path: string, json: Record<string, unknown>, field: string): Record<string, unknown>[] {
  const value = json[field];
  if (!Array.isArray(value) || !value.every(isRecord)) {
    throw fileError(fn, path, `have an '${field}' array of objects (COCO-style iNaturalist annotations)`, value === undefined ? 'none' : typeof value);
  }
  return value;
}

function integerField(fn: string, path: string, record: Record<string, unknown>, field: string, where: string): number {
  const value = record[field];
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw fileError(fn, path, `give an integer '${field}' in every ${where}`, `${JSON.stringify(value)} in ${JSON.stringify(record).slice(0, 120)}`);
  }
  return value;
}

function readCategories(fn: string, path: string, json: Record<string, unknown>): InatCategories {
  const list = arrayField(fn, path, json, 'categories')
    .map((c) => ({ id: integerField(fn, path, c, 'id', 'category'), name: typeof c.name === 'string' ? c.name : String(c.id) }))
    .sort((a, b) => a.id - b.id);
  if (list.length === 0) throw fileError(fn, path, "list at least one category in 'categories'", 'none');
  list.forEach((c, i) => {
    if (i > 0 && list[i - 1]?.id === c.id) throw fileError(fn, path, 'have distinct category ids', `id ${c.id} twice`);
  });
  return { ids: list.map((c) => c.id), names: list.map((c) => c.name) };
}

/**
 * Reads one iNaturalist 2017/2018/2019 annotation file (COCO-style: `images[{id, file_name}]`,
 * `annotations[{image_id, category_id}]`, `categories[{id, name}]`) into a file index, without opening any
 * image. Labels are the ranks of the category ids in ascending order (iNaturalist's ids are already
 * `0..C−1`, so label = category id); paths are `join(root, file_name)`.
 *
 * - `categories`: the classes to use (pass the training file's to read its `val` file, so both agree); by
 *   default the file's own `categories`.
 * - Errors (`invalid-file`, naming the file): not JSON, a missing array, an image without an annotation
 *   (iNaturalist's unlabelled `test` files are not a training or evaluation split), an annotation of an
 *   unknown image or category, an image annotated twice.
 *
 * @example
 * const train = readInatIndex('/data/inat2018/train2018.json');
 * train.categories.names.length, train.split.count; // 8142, 437513
 * const val = readInatIndex('/data/inat2018/val2018.json', { categories: train.categories });
 */
export function readInatIndex(
  annotationsPath: string,
  options: { readonly root?: string; readonly categories?: InatCategories } = {},
): { split: StreamSplit; categories: InatCategories } {
  const fn = 'readInatIndex';
  const root = options.root ?? dirname(annotationsPath);
  const json = readJsonFile(fn, annotationsPath);
  if (!isRecord(json)) throw fileError(fn, annotationsPath, 'be a JSON object with images, annotations and categories', Array.isArray(json) ? 'an array' : typeof json);
  const categories = options.categories ?? readCategories(fn, annotationsPath, json);
  const labelOf = new Map(categories.ids.map((id, label) => [id, label]));
  const images = arrayField(fn, annotationsPath, json, 'images');
  const annotations = arrayField(fn, annotationsPath, json, 'annotations');
  const rowOf = new Map<number, number>();
  const paths = images.map((image, row) => {
    const id = integerField(fn, annotationsPath, image, 'id', 'image');
    const fileName = image.file_name;
    if (typeof fileName !== 'string' || fileName.length === 0) {
      throw fileError(fn, annotationsPath, "give a 'file_name' string in every image", `${JSON.stringify(fileName)} for image ${id}`);
    }
    if (rowOf.has(id)) throw fileError(fn, annotationsPath, 'have distinct image ids', `id ${id} twice`);
    rowOf.set(id, row);
    return join(root, fileName);
  });
  const labels = new Int32Array(images.length).fill(-1);
  for (const annotation of annotations) {
    const imageId = integerField(fn, annotationsPath, annotation, 'image_id', 'annotation');
    const categoryId = integerField(fn, annotationsPath, annotation, 'category_id', 'annotation');
    const row = rowOf.get(imageId);
    const label = labelOf.get(categoryId);
    if (row === undefined) throw fileError(fn, annotationsPath, 'annotate only listed images', `image_id ${imageId}`);
    if (label === undefined) throw fileError(fn, annotationsPath, 'use only listed category ids', `category_id ${categoryId} for image ${imageId}`);
    if (labels[row] !== -1) throw fileError(fn, annotationsPath, 'annotate each image once', `image ${imageId} twice`);
    labels[row] = label;
  }
  const unlabelled = labels.indexOf(-1);
  if (unlabelled >= 0) {
    throw new CblossError(
      'invalid-file',
      `${fn}: file '${annotationsPath}' must annotate every image (an unlabelled test file cannot be trained or evaluated on); got no annotation for '${paths[unlabelled]}'.`,
    );
  }
  return { split: { paths, labels, count: paths.length }, categories };
}
