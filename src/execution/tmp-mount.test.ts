import { describe, expect, it } from 'vitest';
import { exactDiskUnavailable } from '../host/ephemeral-disk.js';
import { prepareTmp } from './tmp-mount.js';

describe('prepareTmp', () => {
  it("falls back to an unsized volume with a notice where the engine does not share this machine's filesystem", async () => {
    const tmp = await prepareTmp({
      home: '/nonexistent',
      environmentId: 'e1',
      sizeMb: 1024,
      functionName: 'fn',
      strategy: 'engine-volume',
    });
    expect(tmp.mount).toEqual({ type: 'volume', target: '/tmp', readOnly: false, sizeBytes: 1024 * 1024 * 1024 });
    expect(tmp.notice).toBe(
      "lsim: /tmp of fn is not limited to its EphemeralStorage of 1024 MB here: the engine does not share this machine's filesystem " +
        "(LSIM_PORTABLE_MOUNTS=1 or a remote engine). It is a volume on the engine's disk, where Lambda fails a write past the size with " +
        'ENOSPC (docs/deviations-isolation.md#tmp).',
    );
    await expect(tmp.release()).resolves.toBeUndefined();
  });

  it('falls back with the cause when the disk cannot be made (a home that cannot hold it)', async () => {
    if (exactDiskUnavailable(true) !== undefined) return expect(exactDiskUnavailable(true)).toMatch(/root|loop|Linux/);
    const tmp = await prepareTmp({
      home: '/dev/null/lsim-home',
      environmentId: 'e2',
      sizeMb: 512,
      functionName: 'fn',
      strategy: 'loop-disk',
    });
    expect(tmp.mount.type).toBe('volume');
    expect(tmp.notice).toMatch(
      /^lsim: \/tmp of fn is not limited to its EphemeralStorage of 512 MB here: .*ENOTDIR.*\/dev\/null\/lsim-home/,
    );
  });
});
