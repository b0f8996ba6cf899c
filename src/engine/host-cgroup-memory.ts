import { readFileSync } from 'node:fs';

/**
 * Peak memory of a container read straight from the host's cgroup files, when the engine runs on
 * this machine. The engine's stats endpoint answers only at its collector's next tick (~1 s), which
 * would add a second to every cold invoke; the kernel's own counter is exact and instant. A remote
 * engine's containers have no files here, so the caller falls back to the stats endpoint.
 */
const CANDIDATES = (id: string): string[] => [
  // cgroup v1, cgroupfs and systemd drivers: the kernel's high-water mark.
  `/sys/fs/cgroup/memory/docker/${id}/memory.max_usage_in_bytes`,
  `/sys/fs/cgroup/memory/system.slice/docker-${id}.scope/memory.max_usage_in_bytes`,
  // cgroup v2 (memory.peak needs Linux 5.19+).
  `/sys/fs/cgroup/system.slice/docker-${id}.scope/memory.peak`,
  `/sys/fs/cgroup/docker/${id}/memory.peak`,
];

/** The candidate that answered last: one machine has one cgroup layout, so it is tried first. */
let lastFound = 0;

/**
 * Read synchronously: a cgroup file is the kernel's counter, answered from memory, and a warm invoke
 * reads it every few seconds per environment; the promise API's open, fstat, read and close through
 * the thread pool, and an ENOENT error per layout that is not this machine's, were a tenth of
 * lsim serve's warm-path CPU under the profiler (docs/publish-serve-speed.md).
 */
export function readHostPeakMemory(containerId: string, root = ''): Promise<number | undefined> {
  const candidates = CANDIDATES(containerId);
  const order = [lastFound, ...candidates.keys()].filter((index, at, all) => all.indexOf(index) === at);
  for (const index of order) {
    let text: string;
    try {
      text = readFileSync(root + (candidates[index] ?? ''), 'utf8');
    } catch {
      continue;
    }
    const bytes = Number.parseInt(text.trim(), 10);
    if (Number.isFinite(bytes) && bytes > 0) {
      lastFound = index;
      return Promise.resolve(bytes);
    }
  }
  return Promise.resolve(undefined);
}
