import { chmod, mkdir, readdir, readFile, rmdir } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { LsimError } from '../common/errors.js';

/**
 * How a pre-provisioned sandbox gets its function's code and layers after it started (docs/cold-start.md#pre-provisioned-sandboxes):
 * its container binds two empty host folders at /var/task and /opt with `rslave` propagation, and at
 * claim lsim mounts the code and the layers onto those folders on the host side; the kernel propagates
 * the new mounts into that container only (mount_namespaces(7), "MS_SLAVE"). Needs root on the engine's
 * machine, in the engine's mount namespace: the pool is used only there (sandbox-pool.ts).
 */
export interface SandboxDirs {
  /** Bound at /var/task in the sandbox's container. */
  readonly task: string;
  /** Bound at /opt. */
  readonly opt: string;
  /** Bound at /tmp: the environment's EphemeralStorage disk is bound onto it at claim (tmp-mount.ts). */
  readonly tmp: string;
  /** Outside the shared tree: where a bind is made read-only before it goes where it propagates. */
  readonly stage: string;
}

/** Mounts a sandbox's function into it, and takes them away once its container is gone. */
export interface HostMounter {
  /** Once per home: the shared mount every sandbox's folders live under. */
  prepare(home: string): Promise<void>;
  /** `tmpSource`: the mounted EphemeralStorage disk to bind at /tmp; without it /tmp stays the plain folder. */
  mount(dirs: SandboxDirs, codeDir: string, layerDirs: readonly string[], tmpSource?: string): Promise<void>;
  unmount(dirs: SandboxDirs): Promise<void>;
  /** After the last sandbox of this process: undoes `prepare` unless a sandbox (another process's) is still in it. */
  release(home: string): Promise<void>;
}

/** Mounting needs root (CAP_SYS_ADMIN) on Linux; elsewhere the engine is in a VM lsim cannot mount into. */
export const canMountHere = (): boolean => process.platform === 'linux' && process.getuid?.() === 0;

export const sandboxRoot = (home: string): string => join(home, 'sandboxes');

export async function createSandboxDirs(home: string, id: string): Promise<SandboxDirs> {
  const dirs = {
    task: join(sandboxRoot(home), id, 'task'),
    opt: join(sandboxRoot(home), id, 'opt'),
    tmp: join(sandboxRoot(home), id, 'tmp'),
    stage: join(home, 'sandbox-stage', id),
  };
  // 0755 like the image's own /var/task and /opt: the sandbox user reads, never writes.
  await Promise.all([dirs.task, dirs.opt, dirs.tmp, dirs.stage].map((dir) => mkdir(dir, { recursive: true, mode: 0o755 })));
  // Writable by the sandbox user as /tmp is, for when no exact disk can be had (tmp-mount.ts); mkdir's mode is masked.
  await chmod(dirs.tmp, 0o1777);
  return dirs;
}

/**
 * A bind of a read-only bind: `mount --bind -o ro` makes the bind read-write and then remounts it
 * read-only, and that remount does not propagate, so the container's copy would stay writable
 * (measured: the function could write into its code). A bind copies its source's flags, so the
 * stage is made read-only first and the mount that propagates is a bind of it.
 */
const MOUNT_SCRIPT = `set -eu
readonly_bind() { mount --bind "$1" "$stage"; mount -o remount,bind,ro "$stage"; mount --bind "$stage" "$2"; umount "$stage"; }
readonly_bind "$code" "$task"
case "$layers" in
  0) ;;
  1) readonly_bind "$lower" "$opt" ;;
  *) mount -t overlay overlay -o "ro,lowerdir=$lower" "$opt" ;;
esac
if [ -n "$tmp_source" ]; then mount --bind "$tmp_source" "$tmp"; fi`;

export const commandMounter: HostMounter = {
  async prepare(home) {
    const root = sandboxRoot(home);
    await mkdir(root, { recursive: true, mode: 0o700 });
    if (await isSharedMount(root)) return;
    await run(['sh', '-c', 'mount --bind "$1" "$1" && mount --make-rshared "$1"', 'sh', root], 'make the sandbox folder a shared mount');
  },
  async mount(dirs, codeDir, layerDirs, tmpSource) {
    // Overlay gives precedence to the leftmost lowerdir, Lambda to the last layer (opt-mount.ts).
    const lower = layerDirs.length === 1 ? (layerDirs[0] ?? '') : [...layerDirs].reverse().join(':');
    const env = {
      code: codeDir,
      task: dirs.task,
      opt: dirs.opt,
      stage: dirs.stage,
      layers: String(Math.min(layerDirs.length, 2)),
      lower,
      tmp: dirs.tmp,
      tmp_source: tmpSource ?? '',
    };
    await run(['sh', '-c', MOUNT_SCRIPT], 'mount the function into its sandbox', env);
  },
  async unmount(dirs) {
    // Lazy: the container is gone, but a process of the engine may still hold the mount for a moment.
    await execa('umount', ['-l', dirs.task, dirs.opt], { reject: false });
    await execa('umount', ['-l', dirs.tmp], { reject: false });
    await execa('umount', ['-l', dirs.stage], { reject: false });
    // rmdir, never a recursive removal: a mount left in place must not cost the function's code.
    await Promise.all([dirs.task, dirs.opt, dirs.tmp, dirs.stage].map((dir) => rmdir(dir).catch(() => undefined)));
    await rmdir(join(dirs.task, '..')).catch(() => undefined);
  },
  async release(home) {
    // Left mounted, the folder made `rm -rf` of the home fail (EBUSY) after lsim serve stopped. Another
    // server on the same home keeps its sandboxes' folders in it, and then it stays.
    const root = sandboxRoot(home);
    const entries = await readdir(root).catch(() => undefined);
    if (entries === undefined || entries.length > 0 || !(await isSharedMount(root))) return;
    await execa('umount', [root], { reject: false });
  },
};

async function run(command: readonly [string, ...string[]], what: string, env: Record<string, string> = {}): Promise<void> {
  const [file, ...args] = command;
  const result = await execa(file, args, { reject: false, env, extendEnv: true });
  if (result.exitCode !== 0) {
    throw new LsimError(
      'EnvironmentFault',
      `lsim could not ${what}: ${result.stderr.trim()} (a pre-provisioned sandbox needs root on the engine's machine; LSIM_SANDBOX_POOL=0 turns the pool off).`,
    );
  }
}

/** /proc/self/mountinfo's fifth field is the mount point, the optional fields after the sixth say `shared:N` (proc(5)). */
async function isSharedMount(path: string): Promise<boolean> {
  const info = await readFile('/proc/self/mountinfo', 'utf8').catch(() => '');
  return info.split('\n').some((line) => {
    const fields = line.split(' ');
    return fields[4] === path && fields.slice(6, fields.indexOf('-')).some((field) => field.startsWith('shared:'));
  });
}
