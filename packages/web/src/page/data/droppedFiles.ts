import type { FolderFile } from './loadImageFiles.js';

function readEntries(reader: FileSystemDirectoryReader): Promise<FileSystemEntry[]> {
  return new Promise((resolve, reject) => reader.readEntries(resolve, reject));
}

async function walk(entry: FileSystemEntry, out: FolderFile[]): Promise<void> {
  if (entry.isFile) {
    const file = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject));
    out.push({ file, path: entry.fullPath.replace(/^\//, '') });
    return;
  }
  const reader = (entry as FileSystemDirectoryEntry).createReader();
  // readEntries returns the entries in chunks (100 in Chromium) until an empty one.
  for (let chunk = await readEntries(reader); chunk.length > 0; chunk = await readEntries(reader)) {
    for (const child of chunk) await walk(child, out);
  }
}

/**
 * The files of a drop (folders walked recursively through `webkitGetAsEntry`), each with its path relative
 * to the drop (`pets/cat/1.png`), like the `webkitRelativePath` of a picked folder.
 *
 * @example
 * zone.addEventListener('drop', async (event) => { const files = await droppedFiles(event.dataTransfer!); });
 */
export async function droppedFiles(transfer: DataTransfer): Promise<FolderFile[]> {
  const entries = [...transfer.items].map((item) => item.webkitGetAsEntry()).filter((e): e is FileSystemEntry => e !== null);
  const out: FolderFile[] = [];
  for (const entry of entries) await walk(entry, out);
  return out;
}
