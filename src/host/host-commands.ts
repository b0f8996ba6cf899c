import { readFileSync } from 'node:fs';
import { ExecaError, execa } from 'execa';

/**
 * The host commands lsim runs on the engine's machine (e2fsprogs, util-linux, coreutils, iptables). Each failure is an
 * Error worded with the command and its own message, which the caller turns into a notice: a /tmp
 * that cannot be made exact falls back, it never fails the invoke (docs/ephemeral-storage.md).
 */
export async function run(command: string, args: readonly string[]): Promise<void> {
  try {
    await execa(command, args, { stdin: 'ignore', stdout: 'ignore', stderr: 'pipe' });
  } catch (error) {
    // execa's types make stderr `never` for these options; at run time it is the piped text.
    const { stderr } = error as { stderr?: unknown };
    const said = typeof stderr === 'string' ? stderr.trim() : '';
    const how = said !== '' ? said : error instanceof ExecaError ? error.shortMessage : String(error);
    throw new Error(`${command} ${args.join(' ')} failed: ${how}`, { cause: error });
  }
}

/** `mount -o loop` (util-linux) attaches a free loop device with autoclear: it goes with the last unmount. */
export const mountLoop = (image: string, mountPoint: string): Promise<void> =>
  run('mount', ['-t', 'ext4', '-o', 'loop,nosuid,nodev', image, mountPoint]);

/**
 * A lazy unmount detaches the file system from this namespace at once, even while a container still
 * holds its own copy of the mount (a killed lsim's environment): the loop device is freed when that goes.
 */
export const unmount = (mountPoint: string): Promise<void> => run('umount', ['-l', mountPoint]);

/** Mount points of this mount namespace (proc(5) mountinfo, field 5, with its octal escapes). */
export function mountPoints(): Set<string> {
  let text: string;
  try {
    text = readFileSync('/proc/self/mountinfo', 'utf8');
  } catch {
    return new Set();
  }
  const points = new Set<string>();
  for (const line of text.split('\n')) {
    const field = line.split(' ')[4];
    if (field !== undefined) points.add(field.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8))));
  }
  return points;
}
