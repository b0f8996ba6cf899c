import { lstat, readdir, readlink } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import type { TreeEntry, TreeSource } from '../doctor-subject.js';
import { readFileRange } from './read-file-range.js';

export interface LayerMetadata {
  readonly layerVersionArn?: string | undefined;
  readonly compatibleRuntimes?: readonly string[] | undefined;
  readonly compatibleArchitectures?: readonly string[] | undefined;
}

/**
 * Lists an extracted tree (a zip goes through the ExtractionCache first), so the checks see what
 * the sandbox will see: the modes the extractor kept, symlinks as links, never followed.
 */
export async function treeSourceFromDir(label: string, dir: string, metadata: LayerMetadata = {}): Promise<TreeSource> {
  const root = resolve(dir);
  const entries: TreeEntry[] = [];
  await walk(root, '', entries);
  entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const unzippedSize = entries.reduce((sum, e) => sum + (e.type === 'file' ? e.size : 0), 0);
  return {
    label,
    entries,
    unzippedSize,
    ...metadata,
    read: (path, offset, length) => readRange(root, path, offset, length),
  };
}

async function walk(root: string, relative: string, out: TreeEntry[]): Promise<void> {
  const names = await readdir(relative === '' ? root : join(root, relative));
  for (const name of names) {
    const path = relative === '' ? name : `${relative}/${name}`;
    const full = join(root, path);
    const info = await lstat(full);
    const mode = info.mode & 0o777;
    if (info.isSymbolicLink()) {
      const linkTarget = await readlink(full);
      out.push({ path, type: 'symlink', mode, size: linkTarget.length, linkTarget });
    } else if (info.isDirectory()) {
      out.push({ path, type: 'directory', mode, size: 0 });
      await walk(root, path, out);
    } else if (info.isFile()) {
      out.push({ path, type: 'file', mode, size: info.size });
    }
  }
}

async function readRange(root: string, path: string, offset: number, length: number): Promise<Buffer> {
  const full = resolve(root, path);
  // Listings come from this root; a crafted path must still not read outside it.
  if (!full.startsWith(root + sep)) throw new Error(`not inside the tree: ${path}`);
  return readFileRange(full, offset, length);
}
