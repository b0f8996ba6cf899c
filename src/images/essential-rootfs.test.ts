import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ensureEssentialTar, essentialTarPath } from './essential-rootfs.js';

describe('essentialTarPath', () => {
  it("names one tarball per suite and architecture, experimental sharing sid's", () => {
    const path = (suite: string, architecture: 'x86_64' | 'arm64') => essentialTarPath('/w', { suite, variant: 'minbase', architecture });
    expect(path('trixie', 'arm64')).toMatch(/^\/w\/essential\/trixie-arm64-[0-9a-f]{16}\.tar$/);
    expect(path('trixie', 'x86_64')).not.toBe(path('trixie', 'arm64'));
    expect(path('bookworm', 'x86_64')).not.toBe(path('trixie', 'x86_64'));
    expect(path('experimental', 'x86_64')).toBe(path('sid', 'x86_64'));
    expect(essentialTarPath('/w', { suite: 'sid', variant: 'apt', architecture: 'x86_64' })).not.toBe(path('sid', 'x86_64'));
  });
});

describe('ensureEssentialTar', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('reuses the tarball the work dir has, and builds it when it has none', async () => {
    const work = await mkdtemp(join(tmpdir(), 'lsim-essential-'));
    // No mmdebstrap on PATH: a build would fail, a reuse does not run it.
    vi.stubEnv('PATH', join(work, 'no-bin'));
    const inputs = { suite: 'trixie', variant: 'minbase', architecture: 'arm64' } as const;
    const place = { debCache: join(work, 'debs'), scratchDir: work };
    try {
      await expect(ensureEssentialTar(work, inputs, place)).rejects.toMatchObject({ code: 'ImageBuildFailed' });
      const cached = essentialTarPath(work, inputs);
      await mkdir(dirname(cached), { recursive: true });
      await writeFile(cached, 'tar');
      await expect(ensureEssentialTar(work, inputs, place)).resolves.toBe(cached);
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  });
});
