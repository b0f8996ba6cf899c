import { existsSync } from 'node:fs';
import { mkdir, readdir, rm, rmdir } from 'node:fs/promises';
import { join } from 'node:path';
import { isOwnerAlive, ownerToken } from '../common/process-owner.js';
import { mountLoop, mountPoints, run, unmount } from './host-commands.js';
import { diskTemplate, ephemeralRoot } from './disk-template.js';

/**
 * One execution environment's /tmp as Lambda's EphemeralStorage: an ext4 file system of exactly its
 * size, on disk (not counted against the memory limit), executable, private to the environment,
 * loop-mounted on this machine from a sparse file under LSIM_HOME and bind-mounted into the container
 * (docs/ephemeral-storage.md). The folder is named by its lsim process's owner token, so a killed
 * lsim's disks are found and released by the next one (abandoned.ts) and by `lsim gc`.
 */
export interface EphemeralDisk {
  /** The mounted file system's root on this machine: the bind mount's source. */
  readonly mountPoint: string;
  /** Unmounts and deletes the disk; idempotent. After the container is gone. */
  release(): Promise<void>;
}

const disksDir = (home: string): string => join(ephemeralRoot(home), 'disks');

/**
 * Why an exact /tmp cannot be had here, or undefined when it can. Only an engine on this machine's
 * filesystem sees a host mount; loop devices and mount(2) need root and /dev/loop-control.
 */
export function exactDiskUnavailable(sharesHostFilesystem: boolean): string | undefined {
  if (!sharesHostFilesystem) return "the engine does not share this machine's filesystem (LSIM_PORTABLE_MOUNTS=1 or a remote engine)";
  if (process.platform !== 'linux') return 'loop-mounted disks need Linux';
  if (process.getuid?.() !== 0) return 'lsim does not run as root, which loop-mounting a disk needs';
  if (!existsSync('/dev/loop-control')) return 'this machine has no loop devices (/dev/loop-control)';
  return undefined;
}

export async function createEphemeralDisk(home: string, environmentId: string, sizeMb: number): Promise<EphemeralDisk> {
  const template = await diskTemplate(home, sizeMb);
  const folder = join(disksDir(home), `${ownerToken()}_${environmentId}`);
  const image = join(folder, 'disk.img');
  const mountPoint = join(folder, 'tmp');
  await mkdir(mountPoint, { recursive: true, mode: 0o700 });
  let released: Promise<void> | undefined;
  const release = (): Promise<void> => (released ??= releaseFolder(folder));
  try {
    // Only the template's few written blocks are copied: the disk grows as the function writes.
    await run('cp', ['--sparse=always', template, image]);
    await mountLoop(image, mountPoint);
  } catch (error) {
    await release();
    throw error;
  }
  return { mountPoint, release };
}

/** Releases the disks of lsim processes that died (`all`: every disk of the home, for `lsim gc`). Never throws. */
export async function reclaimAbandonedDisks(home: string, all = false): Promise<number> {
  const names = await readdir(disksDir(home)).catch(() => [] as string[]);
  let released = 0;
  for (const name of names) {
    const cut = name.indexOf('_');
    if (!all && cut > 0 && isOwnerAlive(name.slice(0, cut))) continue;
    if (
      await releaseFolder(join(disksDir(home), name)).then(
        () => true,
        () => false,
      )
    )
      released += 1;
  }
  return released;
}

async function releaseFolder(folder: string): Promise<void> {
  const mountPoint = join(folder, 'tmp');
  if (mountPoints().has(mountPoint)) await unmount(mountPoint);
  // Never a recursive remove over a file system still mounted: it would empty the function's /tmp.
  if (mountPoints().has(mountPoint)) throw new Error(`${mountPoint} is still mounted`);
  await rmdir(mountPoint).catch(() => undefined);
  await rm(folder, { recursive: true, force: true });
}
