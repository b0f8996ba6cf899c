import { access, constants, stat } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Custom runtimes start `/var/task/bootstrap`, else `/opt/bootstrap` (the function package wins;
 * layers are consulted only when it has none). With neither present and executable Lambda fails
 * the invoke with Runtime.InvalidEntrypoint before any process starts, so lsim checks the host
 * trees that will become those paths instead of starting a container.
 */
/** The bootstrap Lambda starts: where the function sees it and the host file behind it; undefined for none. */
export async function chosenBootstrap(
  codeDir: string,
  layerDirs: readonly string[],
): Promise<{ readonly path: '/var/task/bootstrap' | '/opt/bootstrap'; readonly hostPath: string } | undefined> {
  const own = join(codeDir, 'bootstrap');
  if (await isExecutableFile(own)) return { path: '/var/task/bootstrap', hostPath: own };
  // /opt/bootstrap is the one the last layer that has it supplies (later layers win).
  for (const dir of [...layerDirs].reverse()) {
    const candidate = join(dir, 'bootstrap');
    if (await exists(candidate)) return (await isExecutableFile(candidate)) ? { path: '/opt/bootstrap', hostPath: candidate } : undefined;
  }
  return undefined;
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

async function isExecutableFile(path: string): Promise<boolean> {
  try {
    const info = await stat(path);
    if (!info.isFile()) return false;
    // The function runs as sbx_user1051, not the file's owner: the "other" execute bit decides.
    if ((info.mode & 0o001) === 0) return false;
    await access(path, constants.R_OK);
    return true;
  } catch {
    return false;
  }
}
