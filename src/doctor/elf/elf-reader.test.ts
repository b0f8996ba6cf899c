import { existsSync } from 'node:fs';
import { arch } from 'node:os';
import { describe, expect, it } from 'vitest';
import { EM_AARCH64, EM_X86_64, compareVersions, highestGlibc, readElf, type ReadRange } from './elf-reader.js';
import { ARCHITECTURE_FACTS } from '../../runtimes/architecture.js';
import { makeElf } from '../../../test/helpers/doctor/make-elf.js';
import { readFileRange } from '../tree/read-file-range.js';

const fromBuffer =
  (data: Buffer): ReadRange =>
  async (offset, length) =>
    data.subarray(offset, offset + length);

const fromFile =
  (path: string): ReadRange =>
  (offset, length) =>
    readFileRange(path, offset, length);

const must = <T>(value: T | undefined): T => {
  if (value === undefined) throw new Error('expected a value');
  return value;
};

const hostMachine = arch() === 'arm64' ? EM_AARCH64 : EM_X86_64;
const libc = ['/lib/x86_64-linux-gnu/libc.so.6', '/lib/aarch64-linux-gnu/libc.so.6'].find((p) => existsSync(p));

describe('readElf', () => {
  it('reads the machine and glibc needs of /bin/ls', async () => {
    const info = await readElf(fromFile('/bin/ls'));
    expect(info).toMatchObject({ elfClass: 64, littleEndian: true, machine: hostMachine });
    expect(info?.versionNeeds.get('libc.so.6')).toEqual(expect.arrayContaining([expect.stringMatching(/^GLIBC_2\./)]));
    expect(highestGlibc(must(info))).toMatch(/^GLIBC_2\.\d+$/);
  });

  // Debian-family machines (lsim's development and CI machines) keep libc at one of these paths.
  it('reads libc itself (a shared object needing only ld.so versions)', async () => {
    const info = await readElf(fromFile(must(libc)));
    expect(info).toMatchObject({ elfClass: 64, fileType: 3, machine: hostMachine });
  });

  it('reads DT_NEEDED, and defined dynamic symbols only when asked', async () => {
    const plain = await readElf(fromFile('/bin/ls'));
    expect(plain?.needed).toContain('libc.so.6');
    expect(plain?.definedSymbols).toEqual([]);
    const lib = await readElf(fromFile(must(libc)), { symbols: (name) => name === 'malloc' || name === 'no_such_symbol' });
    expect(lib?.definedSymbols).toEqual(['malloc']);
  });

  it('reads what make-elf writes: sonames in order, defined symbols, not the null symbol', async () => {
    const data = makeElf({ needed: ['libruby.so.3.2', 'libc.so.6'], defines: ['node_register_module_v115'] });
    const info = await readElf(fromBuffer(data), { symbols: () => true });
    expect(info).toMatchObject({ needed: ['libruby.so.3.2', 'libc.so.6'], definedSymbols: ['node_register_module_v115'] });
  });

  it('returns undefined for non-ELF data', async () => {
    expect(await readElf(fromBuffer(Buffer.from('#!/bin/sh\necho hi\n')))).toBeUndefined();
    expect(await readElf(fromBuffer(Buffer.alloc(0)))).toBeUndefined();
  });

  it('reads synthetic version needs and picks the highest GLIBC version numerically', async () => {
    const data = makeElf({
      machine: EM_AARCH64,
      needs: { 'libm.so.6': ['GLIBC_2.29'], 'libc.so.6': ['GLIBC_2.2.5', 'GLIBC_2.3', 'GLIBC_2.17'] },
    });
    const info = await readElf(fromBuffer(data));
    expect(info?.machine).toBe(EM_AARCH64);
    expect(info?.versionNeeds.get('libc.so.6')).toEqual(['GLIBC_2.2.5', 'GLIBC_2.3', 'GLIBC_2.17']);
    expect(highestGlibc(must(info))).toBe('GLIBC_2.29');
  });

  it('reports the class of a 32-bit file without parsing its sections', async () => {
    const info = await readElf(fromBuffer(makeElf({ elfClass: 32, machine: 3 })));
    expect(info).toMatchObject({ elfClass: 32, machine: 3 });
    expect(info?.versionNeeds.size).toBe(0);
  });

  it('reads the machine of a big-endian file', async () => {
    const info = await readElf(fromBuffer(makeElf({ bigEndian: true, machine: 21 })));
    expect(info).toMatchObject({ elfClass: 64, littleEndian: false, machine: 21 });
  });

  it('survives a section table pointing past the end', async () => {
    const data = makeElf({ needs: { 'libc.so.6': ['GLIBC_2.34'] } });
    data.writeBigUInt64LE(BigInt(1 << 30), 0x28);
    const info = await readElf(fromBuffer(data));
    expect(info?.versionNeeds.size).toBe(0);
  });
});

describe('compareVersions', () => {
  it('compares dotted numbers numerically', () => {
    expect(compareVersions('2.28', '2.3')).toBeGreaterThan(0);
    expect(compareVersions('2.2.5', '2.2')).toBeGreaterThan(0);
    expect(compareVersions('2.26', '2.26')).toBe(0);
  });
});

describe('PT_INTERP', () => {
  it('names the loader of a real executable of this machine, and of a synthetic one', async () => {
    const ls = await readElf((offset, length) => readFileRange('/bin/ls', offset, length));
    expect(ls?.interpreter).toBe(ARCHITECTURE_FACTS[arch() === 'arm64' ? 'arm64' : 'x86_64'].glibcLoader);
    const musl = await readElf(fromBuffer(makeElf({ interpreter: '/lib/ld-musl-x86_64.so.1' })));
    expect(musl?.interpreter).toBe('/lib/ld-musl-x86_64.so.1');
    expect((await readElf(fromBuffer(makeElf())))?.interpreter).toBeUndefined();
  });
});
