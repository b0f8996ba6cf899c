import { readFileSync } from 'node:fs';

/**
 * Who owns a resource lsim leaves on disk or on the engine (a queued event being run, a container,
 * a temp file): a token naming this process by pid, the boot it runs in and its start time, so a
 * later process can tell a live owner from a dead one even after the pid was reused or the machine
 * rebooted. `<pid>.<start>.<boot>`; `start` is field 22 of /proc/<pid>/stat (proc(5),
 * https://man7.org/linux/man-pages/man5/proc_pid_stat.5.html), `boot` the kernel's boot_id.
 */
export interface ProcessOwner {
  readonly pid: number;
  /** The process's start time in clock ticks since boot, or '' where /proc is not available. */
  readonly start: string;
  readonly boot: string;
}

let self: ProcessOwner | undefined;

export function selfOwner(): ProcessOwner {
  self ??= { pid: process.pid, start: startTimeOf(process.pid) ?? '', boot: bootId() };
  return self;
}

export function ownerToken(owner: ProcessOwner = selfOwner()): string {
  return `${owner.pid}.${owner.start}.${owner.boot}`;
}

export function parseOwnerToken(token: string): ProcessOwner | undefined {
  const match = /^(\d+)\.(\d*)\.([0-9a-f-]*)$/.exec(token);
  if (match === null) return undefined;
  return { pid: Number(match[1]), start: match[2] ?? '', boot: match[3] ?? '' };
}

/** Whether the process a token names still runs (same boot, same pid, same start time). */
export function isOwnerAlive(token: string): boolean {
  const owner = parseOwnerToken(token);
  if (owner === undefined) return false;
  const me = selfOwner();
  if (owner.boot !== me.boot) return false;
  if (owner.pid === me.pid) return owner.start === me.start;
  if (me.start === '') return pidExists(owner.pid); // no /proc: the pid alone
  return startTimeOf(owner.pid) === owner.start;
}

function startTimeOf(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may hold spaces: count fields after its ')'.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

function bootId(): string {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
  } catch {
    return '';
  }
}

function pidExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
