import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ownerToken } from '../common/process-owner.js';

/**
 * Content-addressed zips: `<home>/blobs/<sha256hex>.zip`, written by renaming a finished temp file
 * from `<home>/blobs/tmp/`, so a blob is either complete or absent. Nothing here knows who
 * references a blob; the registry decides what to sweep.
 */
export class BlobStore {
  readonly root: string;
  readonly tempDir: string;

  constructor(home: string) {
    this.root = join(home, 'blobs');
    this.tempDir = join(this.root, 'tmp');
    mkdirSync(this.tempDir, { recursive: true });
  }

  /**
   * A fresh path under the temp folder for a caller to write to, named `<owner>_<uuid>.zip` by the
   * process that writes it (process-owner.ts), so a later process can drop what a dead one left.
   */
  tempPath(): string {
    return join(this.tempDir, `${ownerToken()}_${randomUUID()}.zip`);
  }

  pathOf(sha256Hex: string): string {
    return join(this.root, `${sha256Hex}.zip`);
  }

  /**
   * Moves a finished temp file to its content address, or drops it when that blob exists already.
   * Callers run this inside the write transaction that inserts the referencing row, and the sweep
   * runs inside one too, so a sweep never removes a blob between its commit and its row.
   */
  commit(tempPath: string, sha256Hex: string): string {
    const target = this.pathOf(sha256Hex);
    if (existsSync(target)) rmSync(tempPath, { force: true });
    else renameSync(tempPath, target);
    return target;
  }

  /** Every stored blob key with its size and modification time. */
  listBlobs(): { key: string; size: number; mtimeMs: number }[] {
    return readdirSync(this.root)
      .filter((name) => /^[0-9a-f]{64}\.zip$/.test(name))
      .map((name) => {
        const stat = statSync(join(this.root, name));
        return { key: name.slice(0, 64), size: stat.size, mtimeMs: stat.mtimeMs };
      });
  }

  listTemps(): { path: string; size: number; mtimeMs: number }[] {
    return readdirSync(this.tempDir).map((name) => {
      const path = join(this.tempDir, name);
      const stat = statSync(path);
      return { path, size: stat.size, mtimeMs: stat.mtimeMs };
    });
  }

  remove(path: string): void {
    rmSync(path, { force: true });
  }
}
