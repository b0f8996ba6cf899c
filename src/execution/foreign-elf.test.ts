import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { elfMachine, findForeignElfs, foreignElfMasks } from './foreign-elf.js';

/** The first 64 bytes of an ELF64 little-endian executable of `machine`, then a body. */
function elf(machine: number): Buffer {
  const header = Buffer.alloc(64);
  Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]).copy(header);
  header.writeUInt16LE(2, 16);
  header.writeUInt16LE(machine, 18);
  return Buffer.concat([header, Buffer.from('body')]);
}

const X86_64 = 62;
const AARCH64 = 183;

describe('foreign ELF files', () => {
  const root = mkdtempSync(join(tmpdir(), 'lsim-foreign-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const put = (path: string, content: Buffer | string, mode = 0o755): void => {
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, content);
    chmodSync(path, mode);
  };
  const code = join(root, 'code');
  const layer1 = join(root, 'l1');
  const layer2 = join(root, 'l2');
  put(join(code, 'bootstrap'), elf(X86_64));
  put(join(code, 'handler.sh'), '#!/bin/sh\n');
  put(join(layer1, 'bin/tool'), elf(X86_64));
  put(join(layer1, 'bin/arm-tool'), elf(AARCH64));
  put(join(layer1, 'lib/libx.so'), elf(X86_64), 0o644);
  // The later layer wins: its arm64 build replaces the x86_64 one.
  put(join(layer2, 'bin/tool'), elf(AARCH64));

  it('reads the ELF machine, and nothing of other files', () => {
    expect(elfMachine(elf(AARCH64))).toBe(AARCH64);
    expect(elfMachine(Buffer.from('#!/bin/sh\nexec true\n'))).toBeUndefined();
  });

  it('lists the executables of the other architecture in /var/task and the merged /opt', async () => {
    const onArm = await findForeignElfs(code, [layer1, layer2], 'arm64');
    expect(onArm.map((file) => file.target)).toEqual(['/var/task/bootstrap']);
    const onX86 = await findForeignElfs(code, [layer1, layer2], 'x86_64');
    expect(onX86.map((file) => file.target).sort()).toEqual(['/opt/bin/arm-tool', '/opt/bin/tool']);
    expect(await findForeignElfs(code, [layer1], 'x86_64')).toEqual([
      { target: '/opt/bin/arm-tool', hostPath: join(layer1, 'bin/arm-tool') },
    ]);
  });

  it('masks each with a copy whose machine is EM_NONE, keeping its bytes and mode otherwise, reused by later invokes', async () => {
    const masks = join(root, 'masks');
    const foreign = await findForeignElfs(code, [layer1], 'x86_64');
    const [mount] = await foreignElfMasks(foreign, masks);
    expect(mount).toMatchObject({ type: 'bind', target: '/opt/bin/arm-tool', readOnly: true });
    const copy = readFileSync(mount?.source ?? '');
    expect(elfMachine(copy)).toBe(0);
    expect(copy.subarray(20)).toEqual(elf(AARCH64).subarray(20));
    expect(statSync(mount?.source ?? '').mode & 0o777).toBe(0o755);
    expect(await foreignElfMasks(foreign, masks)).toEqual([mount]);
  });
});
