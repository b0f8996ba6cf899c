import { readFile } from 'node:fs/promises';
import { LsimError } from '../common/errors.js';

/** This machine's CPU as `uname -m` names it. */
export function hostMachine(): string {
  return process.arch === 'arm64' ? 'aarch64' : process.arch === 'x64' ? 'x86_64' : process.arch;
}

/** Where the kernel keeps its binfmt_misc entry per foreign machine (Debian's qemu-user-static names them so). */
export const BINFMT_DIR = '/proc/sys/fs/binfmt_misc';

/**
 * Containers of another architecture (`machine`, as `uname -m` says it) run only when this machine's kernel hands
 * such ELF files to QEMU: a binfmt_misc entry, enabled, with the F flag, which opens the static QEMU at
 * registration so that it runs inside containers that do not have it (docs/architectures.md). Without
 * it every process of the container fails to start with "exec format error", which would read as a
 * broken image or function: an environment fault with the fix instead. `binfmtDir` is for tests.
 */
export async function assertCanEmulate(machine: string, binfmtDir = BINFMT_DIR): Promise<void> {
  if (machine === hostMachine()) return;
  const entry = `${binfmtDir}/qemu-${machine}`;
  const text = await readFile(entry, 'utf8').catch(() => undefined);
  const flags = /^flags: *(\S*)/m.exec(text ?? '')?.[1] ?? '';
  if (text !== undefined && text.startsWith('enabled') && flags.includes('F')) return;
  const state = text === undefined ? 'has no binfmt_misc entry' : text.startsWith('enabled') ? 'lacks the F flag' : 'is disabled';
  throw new LsimError(
    'EnvironmentFault',
    `${machine} functions run under QEMU user emulation, and this machine's kernel ${state} for ${machine} ` +
      `binaries (${entry}). As root: run lsim's scripts/provision-debian.sh, or apt-get install qemu-user-static, ` +
      `mount -t binfmt_misc binfmt_misc ${binfmtDir} if it is not mounted, and write the line of ` +
      `/usr/lib/binfmt.d/qemu-${machine}.conf, with F among its flags, into ${binfmtDir}/register.`,
  );
}
