import { nearestName } from 'class-balanced-loss';
import { CblossError } from '../../CblossError.js';

/** The streamed dataset formats, one per spec prefix (`inat:`, `list:`, `ilsvrc:`, `folder:`). */
export const STREAM_FORMATS = ['inat', 'list', 'ilsvrc', 'folder'] as const;

/** One of {@link STREAM_FORMATS}. */
export type StreamFormat = (typeof STREAM_FORMATS)[number];

/**
 * The usage and one line of help per format, in the shape of the dataset registry's entries (`usage`,
 * `help`), for `--help` and the docs. Keyed by format so the list of formats has one source.
 */
export const STREAM_SPEC_HELP: Readonly<Record<StreamFormat, { readonly usage: string; readonly help: string }>> = {
  inat: {
    usage: 'inat:TRAIN.json',
    help:
      "iNaturalist 2017/2018/2019 COCO-style JSON (images, annotations, categories); evaluation file: TRAIN.json with 'train' → 'val' " +
      "in its name (train2018.json → val2018.json); image file_names relative to the JSON's directory",
  },
  list: {
    usage: 'list:TRAIN.txt',
    help:
      "ImageNet-LT / Places-LT list, one 'relative/path.jpg LABEL' per line; evaluation list: 'train' → 'val' in its name " +
      "(ImageNet_LT_train.txt → ImageNet_LT_val.txt); paths relative to the list's directory",
  },
  ilsvrc: {
    usage: 'ilsvrc:ROOT',
    help: "ILSVRC 2012: ROOT/train/<wnid>/*.JPEG; ROOT/val/<wnid>/*, or flat ROOT/val/*.JPEG with ROOT/val.txt ('FILE LABEL') or ROOT/LOC_val_solution.csv",
  },
  folder: { usage: 'folder:ROOT', help: 'images in ROOT/train/<class>/ and ROOT/test/<class>/ (.jpg, .jpeg, .png), streamed' },
};

/** A parsed stream spec: the format and the path after its prefix. */
export interface StreamSpec {
  readonly format: StreamFormat;
  readonly path: string;
}

/**
 * Parses a streamed dataset spec `FORMAT:PATH` (see {@link STREAM_SPEC_HELP} for each format). An unknown
 * prefix is `unknown-name` with the nearest valid one; a missing path is `invalid-argument`.
 *
 * @example
 * parseStreamSpec('inat:/data/inat2018/train2018.json'); // { format: 'inat', path: '/data/inat2018/train2018.json' }
 * parseStreamSpec('inaturalist:x.json'); // CblossError: parseStreamSpec: 'spec' must start with one of inat:, list:, ilsvrc:, folder: (did you mean 'inat:'?); got 'inaturalist:x.json'.
 */
export function parseStreamSpec(spec: string): StreamSpec {
  const fn = 'parseStreamSpec';
  const colon = spec.indexOf(':');
  const prefix = colon > 0 ? spec.slice(0, colon) : spec;
  const format = STREAM_FORMATS.find((f) => f === prefix);
  if (format === undefined) {
    const near = nearestName(prefix, STREAM_FORMATS);
    const hint = near === undefined ? '' : ` (did you mean '${near}:'?)`;
    throw new CblossError(
      'unknown-name',
      `${fn}: 'spec' must start with one of ${STREAM_FORMATS.map((f) => `${f}:`).join(', ')}${hint}; got '${spec}'.`,
    );
  }
  const path = spec.slice(colon + 1);
  if (path.length === 0) throw new CblossError('invalid-argument', `${fn}: 'spec' must give a path after '${format}:'; got '${spec}'.`);
  return { format, path };
}
