import type { Entry } from 'yauzl';
import type { ZipEntryInfo } from './types.js';

const MADE_BY_UNIX = 3;
const S_IFMT = 0o170000;
const S_IFDIR = 0o040000;
const S_IFLNK = 0o120000;

/**
 * Used when the archive records no unix attributes (Windows zippers, some build tools). Lambda's
 * behaviour for such zips is not documented (path bug 7: local tools disagree); these
 * are what Info-ZIP unzip gives under the usual umask, and they leave binaries non-executable,
 * which is exactly the bug lsim must reproduce rather than hide.
 */
export const DEFAULT_FILE_MODE = 0o644;
export const DEFAULT_DIR_MODE = 0o755;

export interface EntryAttributes {
  readonly type: ZipEntryInfo['type'];
  readonly mode: number;
}

/** Type and permission bits of one entry, from the central directory record. */
export function readEntryAttributes(entry: Entry, rawName: string): EntryAttributes {
  const unixAttrs = (entry.externalFileAttributes >>> 16) & 0xffff;
  // Some unix zippers leave the attribute word empty; treat that as "no unix attributes" rather
  // than producing mode 0 files nobody can read.
  const hasUnix = entry.versionMadeBy >> 8 === MADE_BY_UNIX && unixAttrs !== 0;
  const format = hasUnix ? unixAttrs & S_IFMT : 0;
  const type: EntryAttributes['type'] = format === S_IFLNK ? 'symlink' : rawName.endsWith('/') || format === S_IFDIR ? 'directory' : 'file';
  if (!hasUnix) return { type, mode: type === 'directory' ? DEFAULT_DIR_MODE : DEFAULT_FILE_MODE };
  return { type, mode: unixAttrs & 0o7777 };
}
