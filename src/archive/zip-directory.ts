import { lstat, readFile, readdir, readlink } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { makeZip, type ZipSpecEntry } from './zip-writer.js';

/**
 * A folder as a zip, the way `zip -r -y` makes one on Linux: relative paths, unix modes kept,
 * symlinks stored as links, folders as entries. Meant for small trees (examples, tests).
 */
export async function zipDirectory(root: string): Promise<Buffer> {
  const entries: ZipSpecEntry[] = [];
  const walk = async (dir: string): Promise<void> => {
    for (const name of (await readdir(dir)).sort()) {
      const path = join(dir, name);
      const entryName = relative(root, path).split(sep).join('/');
      const info = await lstat(path);
      const mode = info.mode & 0o7777;
      if (info.isSymbolicLink()) entries.push({ name: entryName, type: 'symlink', target: await readlink(path) });
      else if (info.isDirectory()) {
        entries.push({ name: entryName, type: 'directory', mode });
        await walk(path);
      } else entries.push({ name: entryName, data: await readFile(path), mode });
    }
  };
  await walk(root);
  return makeZip(entries);
}
