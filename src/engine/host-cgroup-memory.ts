import { readFile } from 'node:fs/promises';

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

export async function readHostPeakMemory(containerId: string, root = ''): Promise<number | undefined> {
  for (const path of CANDIDATES(containerId)) {
    const text = await readFile(root + path, 'utf8').catch(() => undefined);
    if (text === undefined) continue;
    const bytes = Number.parseInt(text.trim(), 10);
    if (Number.isFinite(bytes) && bytes > 0) return bytes;
  }
  return undefined;
}
