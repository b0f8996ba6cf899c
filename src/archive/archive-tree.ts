import { posix } from 'node:path';
import { unsafeEntry } from './archive-errors.js';
import type { ZipEntryInfo } from './types.js';

/** Linux's own limit on symlink hops (ELOOP); beyond it the link is broken, not dangerous. */
const MAX_LINK_HOPS = 40;

/**
 * The shape of an archive as entries arrive, rejecting the layouts that could not be extracted
 * faithfully or safely: the same path twice, an entry beneath a file or symlink (which would write
 * through the link), and symlinks that resolve outside the root. Shared by inspect and extract so
 * both refuse exactly the same archives.
 */
export class ArchiveTree {
  private readonly types = new Map<string, ZipEntryInfo['type']>();
  /** Every folder some entry lives in, whether or not the archive lists it. */
  private readonly parents = new Set<string>();
  private readonly links = new Map<string, string>();

  add(name: string, type: ZipEntryInfo['type']): void {
    if (this.types.has(name)) throw unsafeEntry(`Archive contains the entry ${JSON.stringify(name)} more than once.`);
    if (type !== 'directory' && this.parents.has(name)) throw notADirectory(this.firstChildOf(name), name);
    for (let dir = posix.dirname(name); dir !== '.'; dir = posix.dirname(dir)) {
      const parentType = this.types.get(dir);
      if (parentType !== undefined && parentType !== 'directory') throw notADirectory(name, dir);
      if (this.parents.has(dir)) break;
      this.parents.add(dir);
    }
    this.types.set(name, type);
  }

  addSymlink(name: string, target: string): void {
    const shown = `Archive entry ${JSON.stringify(name)} is a symbolic link to ${JSON.stringify(target)}`;
    if (target === '' || target.includes('\0')) throw unsafeEntry(`${shown}, which is not a valid link target.`);
    if (target.startsWith('/')) {
      throw unsafeEntry(`${shown}, an absolute path; only relative links inside the archive are allowed.`);
    }
    this.add(name, 'symlink');
    this.links.set(name, target);
  }

  /**
   * Resolves every link the way the kernel would once extracted, following links it meets on the
   * way: a purely textual check is fooled by `m -> l/..` when `l` itself points at the root.
   * Call once all entries are known.
   */
  checkSymlinks(): void {
    for (const [name, target] of this.links) {
      if (!this.staysInside(name, target)) {
        throw unsafeEntry(
          `Archive entry ${JSON.stringify(name)} is a symbolic link to ${JSON.stringify(target)}, which points outside the archive root.`,
        );
      }
    }
  }

  private staysInside(name: string, target: string): boolean {
    const dir = posix.dirname(name);
    const stack = dir === '.' ? [] : dir.split('/');
    const queue = target.split('/');
    let hops = 0;
    for (let part = queue.shift(); part !== undefined; part = queue.shift()) {
      if (part === '' || part === '.') continue;
      if (part === '..') {
        if (stack.pop() === undefined) return false;
        continue;
      }
      stack.push(part);
      const linked = this.links.get(stack.join('/'));
      if (linked === undefined) continue;
      if (++hops > MAX_LINK_HOPS) return true;
      if (linked.startsWith('/')) return false;
      stack.pop();
      queue.unshift(...linked.split('/'));
    }
    return true;
  }

  private firstChildOf(dir: string): string {
    const prefix = `${dir}/`;
    for (const name of this.types.keys()) if (name.startsWith(prefix)) return name;
    return prefix;
  }
}

function notADirectory(name: string, parent: string): Error {
  return unsafeEntry(
    `Archive entry ${JSON.stringify(name)} lies inside ${JSON.stringify(parent)}, which the archive also lists as a file or symbolic link.`,
  );
}
