import { mkdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { extractZip } from '../archive/extract-zip.js';
import { hashFile } from '../archive/hash-file.js';

/**
 * Each zip (layer version or function code) is extracted once, into a folder named by its
 * SHA-256, and reused by every later invoke and every function that shares it. Content keying means
 * a changed zip can never be served stale and an unchanged one is never extracted twice; it also
 * keeps working for layer versions deleted since, because the registry keeps their blobs.
 */
export class ExtractionCache {
  readonly root: string;

  constructor(home: string) {
    this.root = join(home, 'extract');
  }

  /**
   * The extracted tree of `zipPath`. `sha256Hex` is the digest the registry stored it under: the
   * zip is checked against it while it is extracted (once per content), so a stored zip replaced or
   * damaged on disk is refused (EnvironmentFault) instead of running as the published content.
   */
  async ensure(zipPath: string, sha256Hex?: string): Promise<string> {
    const key = sha256Hex ?? (await hashFile(zipPath)).digest.toString('hex');
    const dir = join(this.root, key);
    if (await isDirectory(dir)) return dir;
    await extractZip(zipPath, dir, { expectedSha256Hex: sha256Hex });
    return dir;
  }

  /** An empty read-only tree, for /opt of a function without layers. */
  async empty(): Promise<string> {
    const dir = join(this.root, 'empty');
    await mkdir(dir, { recursive: true, mode: 0o755 });
    return dir;
  }
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}
