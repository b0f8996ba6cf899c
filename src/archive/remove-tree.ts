import { chmod, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * `rm -rf` that also copes with trees extracted from zips whose folders are read-only (mode 0o555
 * or less): such folders refuse the unlink of their children until they are made writable again.
 */
export async function removeTree(path: string): Promise<void> {
  try {
    await rm(path, { recursive: true, force: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EACCES' && code !== 'EPERM') throw error;
    await makeWritable(path);
    await rm(path, { recursive: true, force: true });
  }
}

async function makeWritable(dir: string): Promise<void> {
  await chmod(dir, 0o700);
  for (const child of await readdir(dir, { withFileTypes: true })) {
    if (child.isDirectory()) await makeWritable(join(dir, child.name));
  }
}
