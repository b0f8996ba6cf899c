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
