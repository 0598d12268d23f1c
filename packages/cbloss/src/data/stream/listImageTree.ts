import { existsSync, readdirSync, statSync, type Dirent } from 'node:fs';
import { join } from 'node:path';
import { CblossError } from '../../CblossError.js';

/** File names the streamed readers take as images (JPEG and PNG, any case: ILSVRC's `.JPEG`). */
export const IMAGE_FILE = /\.(jpe?g|png)$/i;

const visible = (entry: Dirent): boolean => !entry.name.startsWith('.');

// One readdir per directory with file types, and a stat only for symbolic links: listing a million files
// costs no per-file system call.
const isDir = (dir: string, e: Dirent): boolean => e.isDirectory() || (e.isSymbolicLink() && statSync(join(dir, e.name)).isDirectory());
const isFile = (dir: string, e: Dirent): boolean => e.isFile() || (e.isSymbolicLink() && statSync(join(dir, e.name)).isFile());

/** Checks `dir` is a directory, else `not-found` naming it and what it should hold. */
export function requireDirectory(fn: string, dir: string, holds: string): void {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new CblossError('not-found', `${fn}: '${dir}' must be a directory holding ${holds}; got no such directory.`);
  }
}

/** The visible sub-directories of `dir`, in code-point order. */
export function listDirectories(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => visible(e) && isDir(dir, e))
    .map((e) => e.name)
    .sort();
}

/** The visible image files (see {@link IMAGE_FILE}) directly in `dir`, in code-point order. */
export function listImageFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => visible(e) && IMAGE_FILE.test(e.name) && isFile(dir, e))
    .map((e) => e.name)
    .sort();
}

/**
 * Indexes `dir/<class>/<image>` for the given classes (label = position in `classes`), without opening any
 * image. A class directory that is missing or empty is allowed only when `allowEmpty`, else `invalid-file`.
 *
 * @example
 * indexClassDirectories('indexFolder', '/data/pets/train', ['cat', 'dog'], false).paths[0]; // '/data/pets/train/cat/001.jpg'
 */
export function indexClassDirectories(
  fn: string,
  dir: string,
  classes: readonly string[],
  allowEmpty: boolean,
): { paths: string[]; labels: Int32Array; count: number } {
  const paths: string[] = [];
  const labels: number[] = [];
  classes.forEach((cls, label) => {
    const classDir = join(dir, cls);
    const files = existsSync(classDir) ? listImageFiles(classDir) : [];
    if (files.length === 0 && !allowEmpty) {
      throw new CblossError('invalid-file', `${fn}: class directory '${classDir}' must hold at least one .jpg/.jpeg/.png image; got none.`);
    }
    for (const file of files) {
      paths.push(join(classDir, file));
      labels.push(label);
    }
  });
  return { paths, labels: Int32Array.from(labels), count: paths.length };
}
