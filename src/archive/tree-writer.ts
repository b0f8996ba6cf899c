import { closeSync, fchmodSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { chmod, open, symlink } from 'node:fs/promises';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { dirname, posix, resolve, sep } from 'node:path';
import { unsafeEntry } from './archive-errors.js';
import { DEFAULT_DIR_MODE } from './entry-attributes.js';
import type { ZipEntryInfo } from './types.js';
import type { WalkSink } from './walk-zip.js';

/** Longest stretch of synchronous writing before the event loop gets a turn. */
const SYNC_SLICE_MS = 15;

/**
 * Writes validated entries under `root`. Validation already refused escaping names; every path is
 * still re-checked here so a bug there cannot become a write outside the extraction folder.
 * Symlinks are created and folder modes applied only in `finish`, after every file is written, so
 * no write ever goes through a link and read-only folders do not block their own contents.
 */
export class TreeWriter implements WalkSink {
  // Two cores: a few entries in flight keep the thread pool busy inflating while others hit the disk.
  readonly concurrency = 4;
  /** Folders already created, relative to root; '.' is root itself. */
  private readonly made = new Set<string>(['.']);
  private sliceStart = performance.now();

  constructor(private readonly root: string) {}

  async directory(name: string): Promise<void> {
    this.ensureDir(name);
    await this.pace();
  }

  async file(name: string, mode: number, data: Buffer | AsyncIterable<Buffer>): Promise<void> {
    const path = this.pathOf(name);
    this.ensureDir(posix.dirname(name));
    if (Buffer.isBuffer(data)) {
      writeWhole(path, data, fileMode(mode));
      await this.pace();
      return;
    }
    // 'wx': never reuse or follow anything already at this path.
    const handle = await open(path, 'wx', 0o600);
    try {
      for await (const chunk of data) await handle.writeFile(chunk);
      // Explicit chmod: the mode given to open() is filtered by the process umask.
      await handle.chmod(fileMode(mode));
    } finally {
      await handle.close();
    }
  }

  /** Creates the symlinks, then gives every folder its mode, deepest first. */
  async finish(entries: readonly ZipEntryInfo[]): Promise<void> {
    const dirModes = new Map<string, number>();
    for (const entry of entries) {
      if (entry.type === 'directory') dirModes.set(entry.name, entry.mode);
      if (entry.type !== 'symlink' || entry.linkTarget === undefined) continue;
      const path = this.pathOf(entry.name);
      if (!this.isInside(resolve(dirname(path), entry.linkTarget))) {
        throw unsafeEntry(`Archive entry ${JSON.stringify(entry.name)} is a symbolic link that points outside the archive root.`);
      }
      this.ensureDir(posix.dirname(entry.name));
      await symlink(entry.linkTarget, path);
    }
    const dirs = [...this.made].filter((dir) => dir !== '.');
    dirs.sort((a, b) => depth(b) - depth(a));
    for (const dir of dirs) await chmod(this.pathOf(dir), fileMode(dirModes.get(dir) ?? DEFAULT_DIR_MODE));
  }

  /**
   * Small files and folders are written with synchronous calls, as unzip(1) does: through the
   * thread pool every file costs four hand-offs (open, write, chmod, close), which made extraction
   * three times slower than unzip. `pace` hands the loop back regularly so a server in the same
   * process stays responsive.
   */
  private async pace(): Promise<void> {
    if (performance.now() - this.sliceStart < SYNC_SLICE_MS) return;
    await yieldToLoop();
    this.sliceStart = performance.now();
  }

  private ensureDir(name: string): void {
    if (this.made.has(name)) return;
    mkdirSync(this.pathOf(name), { recursive: true, mode: 0o700 });
    for (let dir = name; !this.made.has(dir); dir = posix.dirname(dir)) this.made.add(dir);
  }

  private pathOf(name: string): string {
    const path = resolve(this.root, name);
    if (!this.isInside(path) || path === this.root) {
      throw unsafeEntry(`Archive entry ${JSON.stringify(name)} escapes the archive root.`);
    }
    return path;
  }

  private isInside(path: string): boolean {
    return path === this.root || path.startsWith(this.root + sep);
  }
}

function writeWhole(path: string, data: Buffer, mode: number): void {
  // 'wx': never reuse or follow anything already at this path.
  const fd = openSync(path, 'wx', 0o600);
  try {
    for (let offset = 0; offset < data.length;) offset += writeSync(fd, data, offset);
    // Explicit chmod: the mode given to open() is filtered by the process umask.
    fchmodSync(fd, mode);
  } finally {
    closeSync(fd);
  }
}

/**
 * Only permission bits reach the disk: setuid/setgid/sticky from an uploaded zip have no use in a
 * layer and would be a gift on the host.
 */
const fileMode = (mode: number): number => mode & 0o777;

const depth = (name: string): number => name.split('/').length;
