import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runMmdebstrap } from './mmdebstrap.js';

describe('runMmdebstrap', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('says how to install mmdebstrap when it is missing', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'lsim-nopath-'));
    vi.stubEnv('PATH', empty);
    try {
      await expect(
        runMmdebstrap({ packages: ['curl'], suite: 'bookworm', variant: 'minbase' }, join(empty, 'r.tar')),
      ).rejects.toMatchObject({
        code: 'ImageBuildFailed',
        message: expect.stringContaining('apt-get install mmdebstrap'),
      });
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });
});
