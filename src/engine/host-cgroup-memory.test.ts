import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readHostPeakMemory } from './host-cgroup-memory.js';

function fakeRoot(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'lsim-cgroup-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

describe('readHostPeakMemory', () => {
  it('reads the cgroup v1 high-water mark of a cgroupfs container', async () => {
    const root = fakeRoot({ '/sys/fs/cgroup/memory/docker/abc/memory.max_usage_in_bytes': '13631488\n' });
    expect(await readHostPeakMemory('abc', root)).toBe(13_631_488);
  });

  it('reads cgroup v2 memory.peak under the systemd driver', async () => {
    const root = fakeRoot({ '/sys/fs/cgroup/system.slice/docker-abc.scope/memory.peak': '2097152\n' });
    expect(await readHostPeakMemory('abc', root)).toBe(2_097_152);
  });

  it('answers undefined for a container this host does not run (a remote engine)', async () => {
    const root = fakeRoot({ '/sys/fs/cgroup/memory/docker/other/memory.max_usage_in_bytes': '1' });
    expect(await readHostPeakMemory('abc', root)).toBeUndefined();
  });
});
