import { LsimError } from './errors.js';

/**
 * Failures of the machine rather than of lsim or of the request: a full disk, a read-only or
 * unwritable LSIM_HOME, a file that vanished under lsim. They become one `EnvironmentFault` whose
 * message names the path and the cause (the CLI exits 253, `lsim serve` answers a 500
 * ServiceException with that message), instead of "unexpected error ... This is a bug in lsim".
 */

/** errno codes (node's `error.code`) that are the environment's doing, with what they mean. */
const ERRNO_CAUSES: Readonly<Record<string, string>> = {
  ENOSPC: 'no space left on the device',
  EDQUOT: 'the disk quota is exhausted',
  EROFS: 'the filesystem is read-only',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOENT: 'no such file or directory',
  EIO: 'an input/output error of the device',
  ENAMETOOLONG: 'the path is too long for the filesystem (a shorter LSIM_HOME leaves more room)',
  EMFILE: 'this process has too many open files',
  ENFILE: 'the system has too many open files',
};

/** node's syscall names that are not plain verbs. */
const SYSCALL_VERBS: Readonly<Record<string, string>> = {
  copyfile: 'copy',
  scandir: 'list',
  lstat: 'stat',
  rmdir: 'remove',
  unlink: 'remove',
};

/** SQLite's result codes (better-sqlite3's `error.code`) with the same meaning. */
const SQLITE_CAUSES: readonly (readonly [string, string])[] = [
  ['SQLITE_FULL', 'no space left on the device'],
  ['SQLITE_READONLY', 'the database is read-only (a read-only filesystem or file)'],
  ['SQLITE_CANTOPEN', 'the database cannot be opened (a missing, unwritable or read-only folder)'],
  ['SQLITE_IOERR', 'an input/output error (a full, read-only or failing device)'],
  ['SQLITE_PERM', 'permission denied'],
];

interface SystemErrorLike {
  readonly code?: unknown;
  readonly path?: unknown;
  readonly dest?: unknown;
  readonly syscall?: unknown;
  readonly message?: unknown;
}

/**
 * The EnvironmentFault an error stands for, or undefined when it is not one. `where` names what
 * lsim was using when the error carries no path of its own (a write to an open file, SQLite).
 */
export function environmentFault(error: unknown, where?: string): LsimError | undefined {
  if (error instanceof LsimError) return error.code === 'EnvironmentFault' ? error : undefined;
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, path, dest, syscall } = error as SystemErrorLike;
  if (typeof code !== 'string') return undefined;
  const errno = ERRNO_CAUSES[code];
  if (errno !== undefined) {
    const target = typeof path === 'string' ? (typeof dest === 'string' ? `${path} to ${dest}` : path) : where;
    const action = typeof syscall === 'string' ? `${SYSCALL_VERBS[syscall] ?? syscall} ` : 'use ';
    return new LsimError('EnvironmentFault', `lsim could not ${action}${target ?? 'a file'}: ${errno} (${code}).`, { cause: error });
  }
  const sqlite = SQLITE_CAUSES.find(([prefix]) => code === prefix || code.startsWith(`${prefix}_`));
  if (sqlite !== undefined) {
    return new LsimError(
      'EnvironmentFault',
      `lsim could not use its registry${where === undefined ? '' : ` ${where}`}: ${sqlite[1]} (${code}).`,
      {
        cause: error,
      },
    );
  }
  return undefined;
}

/** `environmentFault(error)` thrown, or the error itself. */
export function rethrowEnvironmentFault(error: unknown, where?: string): never {
  throw environmentFault(error, where) ?? error;
}
