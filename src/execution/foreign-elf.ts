import { createHash } from 'node:crypto';
import { copyFile, lstat, mkdir, open, readdir, rename, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { MountSpec } from '../engine/container-engine.js';
import { ARCHITECTURES, ARCHITECTURE_FACTS, type Architecture } from '../runtimes/architecture.js';

/**
 * Lambda's exec of native code of the other architecture (docs/architectures.md#exec-format-error): the
 * kernel refuses it with ENOEXEC ("exec format error"). On lsim's x86_64 host the kernel would not:
 * an x86_64 ELF runs natively under an emulated arm64 process, and binfmt_misc's F flag runs an arm64 ELF
 * inside an x86_64 container. So before the runtime starts, every executable ELF file of the other
 * Lambda architecture in /var/task and /opt gets a copy bind-mounted over it whose ELF machine is
 * EM_NONE, which no binfmt handler takes: the kernel itself then answers ENOEXEC, to any caller (a
 * shell, child_process, subprocess, Go's syscall), exactly as Lambda's does.
 */

const ELF_MAGIC = Buffer.from([0x7f, 0x45, 0x4c, 0x46]);
/** e_machine, in the first 20 bytes of every ELF file (ELF64 and ELF32 alike). */
const MACHINE_OFFSET = 18;
const HEADER_BYTES = 20;
const ANY_EXEC = 0o111;

/** One file of a tree that the function's architecture cannot execute. */
export interface ForeignElf {
  /** Where the container sees it: `/opt/bin/jq`. */
  readonly target: string;
  readonly hostPath: string;
}

/** The ELF machine of the file's first bytes, undefined when it is no ELF file. */
export function elfMachine(header: Buffer): number | undefined {
  if (header.length < HEADER_BYTES || !header.subarray(0, 4).equals(ELF_MAGIC)) return undefined;
  // EI_DATA 2 is big-endian; Lambda's architectures are both little-endian, which a foreign file need not be.
  return header[5] === 2 ? header.readUInt16BE(MACHINE_OFFSET) : header.readUInt16LE(MACHINE_OFFSET);
}

/** True for a file whose ELF machine is the other Lambda architecture's. */
export async function isForeignElf(hostPath: string, architecture: Architecture): Promise<boolean> {
  const handle = await open(hostPath, 'r').catch(() => undefined);
  if (handle === undefined) return false;
  try {
    const header = Buffer.alloc(HEADER_BYTES);
    const { bytesRead } = await handle.read(header, 0, HEADER_BYTES, 0);
    const machine = elfMachine(header.subarray(0, bytesRead));
    return (
      machine !== undefined && ARCHITECTURES.some((other) => other !== architecture && ARCHITECTURE_FACTS[other].elfMachine === machine)
    );
  } finally {
    await handle.close();
  }
}

/**
 * The foreign executables of /var/task (`codeDir`) and of /opt as the layers merge (`layerDirs` in
 * Lambda's order, the later winning on a path).
 */
export async function findForeignElfs(codeDir: string, layerDirs: readonly string[], architecture: Architecture): Promise<ForeignElf[]> {
  const opt = new Map<string, string>();
  for (const dir of layerDirs) {
    for (const [relative, hostPath] of await executableFiles(dir)) opt.set(relative, hostPath);
  }
  const candidates = [
    ...[...(await executableFiles(codeDir))].map(([relative, hostPath]) => ({ target: `/var/task/${relative}`, hostPath })),
    ...[...opt].map(([relative, hostPath]) => ({ target: `/opt/${relative}`, hostPath })),
  ];
  const foreign: ForeignElf[] = [];
  for (const candidate of candidates) {
    if (await isForeignElf(candidate.hostPath, architecture)) foreign.push(candidate);
  }
  return foreign;
}

/** Regular files with an execute bit, by path relative to `root` (symlinks are not followed: their targets are listed where they are). */
async function executableFiles(root: string): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  const walk = async (dir: string, prefix: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      const hostPath = join(dir, entry.name);
      const relative = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
      if (entry.isDirectory()) await walk(hostPath, relative);
      else if (entry.isFile() && ((await lstat(hostPath)).mode & ANY_EXEC) !== 0) found.set(relative, hostPath);
    }
  };
  await walk(root, '');
  return found;
}

/**
 * Read-only bind mounts of refused copies over each foreign file: the same bytes but e_machine 0
 * (EM_NONE). Copies are kept under `maskDir`, named by the original's path, size, mtime and inode, so
 * a later invoke of the same tree reuses them.
 */
export async function foreignElfMasks(foreign: readonly ForeignElf[], maskDir: string): Promise<MountSpec[]> {
  if (foreign.length === 0) return [];
  await mkdir(maskDir, { recursive: true });
  const mounts: MountSpec[] = [];
  for (const file of foreign) {
    const info = await stat(file.hostPath);
    const name = createHash('sha256').update(`${file.hostPath}\0${info.size}\0${info.mtimeMs}\0${info.ino}`).digest('hex').slice(0, 32);
    const masked = join(maskDir, name);
    if (!(await stat(masked).catch(() => undefined))) await writeMasked(file.hostPath, masked, info.mode);
    mounts.push({ type: 'bind', source: masked, target: file.target, readOnly: true });
  }
  return mounts;
}

async function writeMasked(source: string, target: string, mode: number): Promise<void> {
  const partial = `${target}.${process.pid}.partial`;
  await copyFile(source, partial);
  const handle = await open(partial, 'r+');
  try {
    await handle.write(Buffer.alloc(2), 0, 2, MACHINE_OFFSET);
    await handle.chmod(mode & 0o7777);
  } finally {
    await handle.close();
  }
  await rename(partial, target);
}
