import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { assertCanEmulate, hostMachine } from './emulation-check.js';

const foreign = hostMachine() === 'aarch64' ? 'x86_64' : 'aarch64';

describe('assertCanEmulate', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lsim-binfmt-'));
  afterEach(() => rmSync(join(dir, `qemu-${foreign}`), { force: true }));

  it('lets the host machine through without looking', async () => {
    await expect(assertCanEmulate(hostMachine(), join(dir, 'absent'))).resolves.toBeUndefined();
  });

  it('is an environment fault with the fix when the kernel has no entry', async () => {
    await expect(assertCanEmulate(foreign, dir)).rejects.toMatchObject({
      code: 'EnvironmentFault',
      message: expect.stringContaining(`has no binfmt_misc entry for ${foreign} binaries`),
    });
    await expect(assertCanEmulate(foreign, dir)).rejects.toThrow(/provision-debian\.sh/);
  });

  it('refuses an entry without the F flag, which containers cannot use, and a disabled one', async () => {
    writeFileSync(join(dir, `qemu-${foreign}`), 'enabled\ninterpreter /usr/libexec/qemu-binfmt/x\nflags: PO\n');
    await expect(assertCanEmulate(foreign, dir)).rejects.toThrow(/lacks the F flag/);
    writeFileSync(join(dir, `qemu-${foreign}`), 'disabled\ninterpreter /usr/libexec/qemu-binfmt/x\nflags: POF\n');
    await expect(assertCanEmulate(foreign, dir)).rejects.toThrow(/is disabled/);
  });

  it('accepts an enabled entry with F', async () => {
    writeFileSync(join(dir, `qemu-${foreign}`), 'enabled\ninterpreter /usr/libexec/qemu-binfmt/x\nflags: POF\noffset 0\n');
    await expect(assertCanEmulate(foreign, dir)).resolves.toBeUndefined();
  });
});
