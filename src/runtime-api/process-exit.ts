/**
 * A process's end as Go's os/exec words it, which is what Lambda's platform (RAPID, written in Go)
 * puts in its error messages: `exit status 2`, `signal: killed` (docs/extensions.md#failures).
 * `status` is a shell's `$?`: above 128 means killed by signal `status - 128`.
 */

const GO_SIGNAL_NAMES: Readonly<Record<number, string>> = {
  1: 'hangup',
  2: 'interrupt',
  3: 'quit',
  4: 'illegal instruction',
  5: 'trace/breakpoint trap',
  6: 'aborted',
  7: 'bus error',
  8: 'floating point exception',
  9: 'killed',
  10: 'user defined signal 1',
  11: 'segmentation fault',
  12: 'user defined signal 2',
  13: 'broken pipe',
  14: 'alarm clock',
  15: 'terminated',
};

export function goSignalName(signal: number): string {
  return GO_SIGNAL_NAMES[signal] ?? `signal ${signal}`;
}

/** Go's wording of a non-zero end; RAPID's own for a clean one is `exit code 0`. */
export function goExitDescription(status: number): string {
  if (status === 0) return 'exit code 0';
  if (status > 128) return `signal: ${goSignalName(status - 128)}`;
  return `exit status ${status}`;
}

/**
 * Go's syscall.Errno text for what execve(2) can fail with, the end of RAPID's `fork/exec <path>: <text>`
 * when an extension cannot start (docs/doctor-extensions.md#launch-failures); Go says `errno N` for others.
 */
const GO_EXEC_ERRNO_TEXTS: Readonly<Record<number, string>> = {
  1: 'operation not permitted',
  2: 'no such file or directory',
  5: 'input/output error',
  7: 'argument list too long',
  8: 'exec format error',
  12: 'cannot allocate memory',
  13: 'permission denied',
  14: 'bad address',
  20: 'not a directory',
  21: 'is a directory',
  22: 'invalid argument',
  23: 'too many open files in system',
  24: 'too many open files',
  26: 'text file busy',
  36: 'file name too long',
  40: 'too many levels of symbolic links',
  80: 'accessing a corrupted shared library',
};

export const EACCES = 13;
const EPERM = 1;

export function goErrnoText(errno: number): string {
  return GO_EXEC_ERRNO_TEXTS[errno] ?? `errno ${errno}`;
}

/** RAPID's EXTENSION line error type for a failed exec: Go's os.IsPermission errors, then anything else. */
export function launchErrorType(errno: number): 'PermissionDenied' | 'UnknownError' {
  return errno === EACCES || errno === EPERM ? 'PermissionDenied' : 'UnknownError';
}
