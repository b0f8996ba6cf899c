import { randomBytes } from 'node:crypto';
import { chmod, mkdir, open, rename, rm, rmdir, stat, statfs } from 'node:fs/promises';
import { join } from 'node:path';
import { ownerToken } from '../common/process-owner.js';
import { mountLoop, run, unmount } from './host-commands.js';

const MiB = 1024 * 1024;
const BLOCK = 4096;

/** Where every ephemeral disk of a home lives: `templates/<MB>.img` and `disks/<owner>_<environment>/`. */
export const ephemeralRoot = (home: string): string => join(home, 'ephemeral');
export const templatesDir = (home: string): string => join(ephemeralRoot(home), 'templates');

const made = new Map<string, Promise<string>>();

/**
 * The formatted, empty ext4 image of one EphemeralStorage size, made once per home and size; every
 * environment's disk is a sparse copy of it, so no environment pays for mkfs. Its free space for an
 * unprivileged writer is exactly `sizeMb` MiB: the image is made larger than that by ext4's metadata,
 * and the blocks above the size are reserved for root (the function runs as uid 993), which is what
 * makes a write past the size fail with ENOSPC as in Lambda (docs/ephemeral-storage.md).
 */
export function diskTemplate(home: string, sizeMb: number): Promise<string> {
  const path = join(templatesDir(home), `${sizeMb}.img`);
  let template = made.get(path);
  if (template === undefined) {
    template = makeTemplate(home, path, sizeMb);
    made.set(path, template);
    // A failure is not remembered: the next environment tries again (and falls back again if it must).
    template.catch(() => made.delete(path));
  }
  return template;
}

async function makeTemplate(home: string, path: string, sizeMb: number): Promise<string> {
  if (await exists(path)) return path;
  await mkdir(templatesDir(home), { recursive: true, mode: 0o700 });
  // Another lsim process may make the same template: each writes its own, the rename is atomic.
  const temp = `${path}.tmp-${ownerToken()}_${randomBytes(4).toString('hex')}`;
  const mountPoint = `${temp}.mnt`;
  try {
    const wanted = (sizeMb * MiB) / BLOCK;
    // ext4's metadata (inode tables, bitmaps, descriptors) is under 4 % of a disk this size; sparse, so the margin costs nothing.
    const blocks = wanted + Math.ceil(wanted * 0.04) + (16 * MiB) / BLOCK;
    const handle = await open(temp, 'wx', 0o600);
    await handle.truncate(blocks * BLOCK);
    await handle.close();
    // No journal (nothing survives the environment), no reserve yet, no room to grow (the size never changes).
    await run('mkfs.ext4', ['-q', '-F', '-b', String(BLOCK), '-m', '0', '-O', '^has_journal,^resize_inode', temp]);
    await mkdir(mountPoint);
    await mountLoop(temp, mountPoint);
    let free: number;
    try {
      // Lambda's /tmp starts empty, world-writable with the sticky bit, as /tmp everywhere.
      await rmdir(join(mountPoint, 'lost+found'));
      await chmod(mountPoint, 0o1777);
      free = (await statfs(mountPoint)).bavail;
    } finally {
      await unmount(mountPoint);
    }
    if (free < wanted) throw new Error(`an ext4 image of ${blocks} blocks has ${free} free, fewer than the ${wanted} of ${sizeMb} MB`);
    await run('tune2fs', ['-r', String(free - wanted), temp]);
    await rename(temp, path);
    return path;
  } finally {
    await rm(temp, { force: true });
    // rmdir, never rm -r: a mount point still mounted must keep what it holds.
    await rmdir(mountPoint).catch(() => undefined);
  }
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}
