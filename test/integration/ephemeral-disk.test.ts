import { mkdtempSync, readdirSync, renameSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createEphemeralDisk, reclaimAbandonedDisks } from '../../src/host/ephemeral-disk.js';
import { mountPoints } from '../../src/host/host-commands.js';

/**
 * The /tmp disks on this machine without a container (docs/ephemeral-storage.md): sized, released, and a
 * dead lsim's disk reclaimed by the next. Needs root and loop devices, as the CI machine has.
 */
const home = mkdtempSync(join(tmpdir(), 'lsim-it-disk-'));
const disks = join(home, 'ephemeral', 'disks');

afterAll(() => rmSync(home, { recursive: true, force: true }));

describe('ephemeral disks', () => {
  it('is exactly its size for an unprivileged writer, and goes with its release', async () => {
    const disk = await createEphemeralDisk(home, 'sized', 600);
    const stats = statfsSync(disk.mountPoint);
    expect((stats.bavail * stats.bsize) / (1024 * 1024)).toBe(600);
    expect(readdirSync(disk.mountPoint)).toEqual([]);
    await disk.release();
    expect(mountPoints().has(disk.mountPoint)).toBe(false);
    expect(readdirSync(disks)).toEqual([]);
  });

  it("a dead lsim's disk is unmounted and deleted by the next; a live one's is kept", async () => {
    const live = await createEphemeralDisk(home, 'live', 512);
    const dead = await createEphemeralDisk(home, 'dead', 512);
    writeFileSync(join(dead.mountPoint, 'left.txt'), 'x');
    // The same disk, named as a process of another boot would have named it.
    const folder = join(disks, readdirSync(disks).find((name) => name.endsWith('_dead')) ?? '');
    const deadFolder = join(disks, '1.1.00000000-0000-0000-0000-000000000000_dead');
    // A mounted folder can be renamed; its mount point moves with it.
    renameSync(folder, deadFolder);
    expect(mountPoints().has(join(deadFolder, 'tmp'))).toBe(true);
    expect(await reclaimAbandonedDisks(home)).toBe(1);
    expect(mountPoints().has(join(deadFolder, 'tmp'))).toBe(false);
    expect(readdirSync(disks)).toEqual([readdirSync(disks).find((name) => name.endsWith('_live'))]);
    expect(mountPoints().has(live.mountPoint)).toBe(true);
    // lsim gc releases every disk of the home.
    expect(await reclaimAbandonedDisks(home, true)).toBe(1);
    expect(readdirSync(disks)).toEqual([]);
    expect(mountPoints().has(live.mountPoint)).toBe(false);
  });
});
