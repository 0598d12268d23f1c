import { CbLossError } from 'class-balanced-loss';

/** File name endings read as images (case-insensitive): what browsers decode with `createImageBitmap`. */
export const IMAGE_EXTENSIONS = ['png', 'jpg', 'jpeg', 'gif', 'bmp', 'webp'] as const;

/** A picked folder grouped into classes: one subfolder per class. */
export interface ClassFolders {
  /** Class names: the subfolder names, from the largest class to the smallest (ties in code-point order). */
  readonly classNames: string[];
  /** For each image kept, its index in the given list of paths and its class id. */
  readonly images: { readonly index: number; readonly label: number }[];
  /** Images per class, length C. */
  readonly samplesPerClass: number[];
  /** Paths ignored: not an image, hidden, or not inside a class subfolder. */
  readonly skipped: number;
}

function isImagePath(segments: readonly string[]): boolean {
  if (segments.some((s) => s.startsWith('.'))) return false; // .DS_Store, .git/..., hidden folders
  const name = segments[segments.length - 1] ?? '';
  const dot = name.lastIndexOf('.');
  return dot > 0 && (IMAGE_EXTENSIONS as readonly string[]).includes(name.slice(dot + 1).toLowerCase());
}

/**
 * Groups the relative paths of a picked or dropped folder into classes, one subfolder per class, the
 * layout of torchvision's `ImageFolder`:
 * - `root/cat/1.png`, `root/dog/2.jpg` (one folder picked: every path starts with the same folder) →
 *   classes `cat`, `dog`; images deeper inside a class folder (`root/cat/a/3.png`) belong to it;
 * - class ids go from the largest class to the smallest (ties by name), so that every plot of the page
 *   shows the head first and the tail last, like the paper's long-tailed datasets;
 * - `cat/1.png`, `dog/2.jpg` (several class folders dropped at once) → the same classes.
 * Files directly in the root, hidden files and folders (`.DS_Store`) and non-images are skipped.
 *
 * @param paths - `webkitRelativePath` of each file, `/`-separated.
 * @throws CbLossError('invalid-file') when fewer than 2 classes hold images.
 * @example
 * groupByClassFolder(['pets/cat/1.png', 'pets/dog/2.jpg', 'pets/dog/3.jpg', 'pets/notes.txt']);
 * // { classNames: ['dog', 'cat'], images: [{ index: 0, label: 1 }, { index: 1, label: 0 }, { index: 2, label: 0 }],
 * //   samplesPerClass: [2, 1], skipped: 1 }
 */
export function groupByClassFolder(paths: readonly string[]): ClassFolders {
  const split = paths.map((p) => p.split('/').filter((s) => s.length > 0));
  const images = split.map((segments, index) => ({ segments, index })).filter(({ segments }) => isImagePath(segments));
  const first = images[0]?.segments[0];
  // One folder picked (or dropped): every image is inside the same root folder, some in subfolders of it;
  // images directly in that root are then not in a class folder.
  const rooted = images.every(({ segments }) => segments[0] === first) && images.some(({ segments }) => segments.length >= 3);
  const depth = rooted ? 1 : 0;
  const inClass = images.filter(({ segments }) => segments.length >= depth + 2);
  const sizes = new Map<string, number>();
  for (const { segments } of inClass) sizes.set(segments[depth] as string, (sizes.get(segments[depth] as string) ?? 0) + 1);
  const classNames = [...sizes.keys()].sort((a, b) => (sizes.get(b) as number) - (sizes.get(a) as number) || (a < b ? -1 : a > b ? 1 : 0));
  if (classNames.length < 2) {
    throw new CbLossError(
      'invalid-file',
      `groupByClassFolder: the folder must hold one subfolder of images per class, at least 2; got ${classNames.length} class folder${classNames.length === 1 ? '' : 's'} with images (${inClass.length} images among ${paths.length} files).`,
    );
  }
  const classIndex = new Map(classNames.map((name, i) => [name, i] as const));
  const samplesPerClass = classNames.map(() => 0);
  const kept = inClass.map(({ segments, index }) => {
    const label = classIndex.get(segments[depth] as string) as number;
    samplesPerClass[label] = (samplesPerClass[label] ?? 0) + 1;
    return { index, label };
  });
  return { classNames, images: kept, samplesPerClass, skipped: paths.length - kept.length };
}
