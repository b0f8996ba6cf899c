import { statfs } from 'node:fs/promises';

/** The tmpfs most Linux machines mount; Docker's own containers get a 64 MB one, hence the size check. */
const SHARED_MEMORY = '/dev/shm';
/** A java rootfs is ~500 MB unpacked, its tarball as much again; several builds may run at once. */
const NEEDED_BYTES = 4 * 1024 ** 3;

/**
 * Where a rootfs build unpacks its tree and writes its tarball: a large enough tmpfs when there is one,
 * else `fallback`. Both are deleted once the image is imported, and on a busy disk writing then
 * deleting tens of thousands of files is a large share of a first build (docs/image-builds.md).
 */
export async function buildScratchDir(fallback: string): Promise<string> {
  try {
    const fs = await statfs(SHARED_MEMORY);
    return fs.bavail * fs.bsize >= NEEDED_BYTES ? SHARED_MEMORY : fallback;
  } catch {
    return fallback;
  }
}
