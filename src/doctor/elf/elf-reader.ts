/**
 * Just enough ELF to answer the doctor's questions about a native file: which CPU it is for,
 * which glibc symbol versions it needs (`.gnu.version_r`), which libraries it needs (DT_NEEDED)
 * and, when asked, which of its dynamic symbols it defines (an addon's ABI is in their names).
 * 64-bit little-endian is parsed fully; other classes and byte orders are reported, not parsed
 * (Lambda runs neither).
 */

import { readDefinedSymbols, readNeeded, stringTable, withStrings } from './elf-dynamic.js';

/** Reads bytes of one file: the doctor's trees, or a plain file in tests. */
export type ReadRange = (offset: number, length: number) => Promise<Buffer>;

export interface ElfInfo {
  readonly elfClass: 32 | 64;
  readonly littleEndian: boolean;
  /** e_type: 1 relocatable, 2 executable, 3 shared object or PIE. */
  readonly fileType: number;
  /** e_machine: 62 x86-64, 183 aarch64, 3 i386, 40 arm. */
  readonly machine: number;
  /** Version needs per library (`libc.so.6` → [`GLIBC_2.2.5`, ...]); empty when not parsed. */
  readonly versionNeeds: ReadonlyMap<string, readonly string[]>;
  /** DT_NEEDED sonames in file order (`libc.so.6`, `libruby.so.3.3`); empty when not parsed. */
  readonly needed: readonly string[];
  /** Defined dynamic symbols the caller asked for (`ReadElfOptions.symbols`); empty otherwise. */
  readonly definedSymbols: readonly string[];
  /** PT_INTERP, the loader the kernel runs for an executable (`/lib64/ld-linux-x86-64.so.2`); undefined when static or not parsed. */
  readonly interpreter?: string | undefined;
}

export interface ReadElfOptions {
  /** Which defined dynamic symbols to keep; none are read without it (large libraries have many). */
  readonly symbols?: (name: string) => boolean;
}

export const EM_X86_64 = 62;
export const EM_AARCH64 = 183;
const SHT_GNU_VERNEED = 0x6ffffffe;
const ELF_MAGIC = Buffer.from([0x7f, 0x45, 0x4c, 0x46]);
/** Far more than any real library has; bounds the work a corrupt file can cause. */
const MAX_SECTIONS = 4096;
const MAX_VERNEED = 1024;

export function isElfMagic(head: Buffer): boolean {
  return head.length >= 4 && head.subarray(0, 4).equals(ELF_MAGIC);
}

const MACHINE_NAMES: Readonly<Record<number, string>> = {
  3: 'i386',
  8: 'mips',
  20: 'ppc',
  21: 'ppc64',
  40: 'arm',
  62: 'x86_64',
  183: 'arm64',
  243: 'riscv',
};

/** Lambda's architecture names where they apply, else a readable one. */
export function machineName(machine: number): string {
  return MACHINE_NAMES[machine] ?? `machine ${machine}`;
}

/** The ELF facts of a file, or undefined when it is not ELF or too damaged to say. */
export async function readElf(read: ReadRange, options: ReadElfOptions = {}): Promise<ElfInfo | undefined> {
  const header = await read(0, 64);
  if (!isElfMagic(header) || header.length < 20) return undefined;
  const elfClass = header[4] === 1 ? 32 : header[4] === 2 ? 64 : undefined;
  const littleEndian = header[5] === 1;
  if (elfClass === undefined || (header[5] !== 1 && header[5] !== 2)) return undefined;
  const u16 = (b: Buffer, at: number): number => (littleEndian ? b.readUInt16LE(at) : b.readUInt16BE(at));
  const fileType = u16(header, 16);
  const machine = u16(header, 18);
  const base = { elfClass, littleEndian, fileType, machine } as const;
  const unparsed = { versionNeeds: new Map(), needed: [], definedSymbols: [] };
  if (elfClass !== 64 || !littleEndian || header.length < 64) return { ...base, ...unparsed };
  const sections = await readSections(read, header).catch(() => []);
  const versionNeeds = await readVersionNeeds(read, sections).catch(() => new Map<string, string[]>());
  const needed = await readNeeded(read, sections).catch(() => []);
  const wanted = options.symbols;
  const definedSymbols = wanted === undefined ? [] : await readDefinedSymbols(read, sections, wanted).catch(() => []);
  const interpreter = await readInterpreter(read, header).catch(() => undefined);
  return { ...base, versionNeeds, needed, definedSymbols, interpreter };
}

const PT_INTERP = 3;
const MAX_PROGRAM_HEADERS = 256;

async function readInterpreter(read: ReadRange, header: Buffer): Promise<string | undefined> {
  const phoff = Number(header.readBigUInt64LE(0x20));
  const phentsize = header.readUInt16LE(0x36);
  const phnum = header.readUInt16LE(0x38);
  if (phoff === 0 || phentsize < 56 || phnum === 0 || phnum > MAX_PROGRAM_HEADERS) return undefined;
  const table = await read(phoff, phnum * phentsize);
  for (let at = 0; at + 56 <= table.length; at += phentsize) {
    if (table.readUInt32LE(at) !== PT_INTERP) continue;
    const size = Math.min(Number(table.readBigUInt64LE(at + 32)), 4096);
    const path = await read(Number(table.readBigUInt64LE(at + 8)), size);
    return path.toString('latin1').replace(/\0.*$/s, '');
  }
  return undefined;
}

export interface Section {
  readonly type: number;
  readonly offset: number;
  readonly size: number;
  readonly link: number;
  readonly info: number;
}

export async function readSections(read: ReadRange, header: Buffer): Promise<Section[]> {
  const shoff = Number(header.readBigUInt64LE(0x28));
  const shentsize = header.readUInt16LE(0x3a);
  const shnum = header.readUInt16LE(0x3c);
  const sections: Section[] = [];
  if (shoff === 0 || shentsize < 64 || shnum === 0 || shnum > MAX_SECTIONS) return sections;
  const table = await read(shoff, shnum * shentsize);
  for (let i = 0; i < shnum && (i + 1) * shentsize <= table.length; i += 1) {
    const at = i * shentsize;
    sections.push({
      type: table.readUInt32LE(at + 4),
      offset: Number(table.readBigUInt64LE(at + 24)),
      size: Number(table.readBigUInt64LE(at + 32)),
      link: table.readUInt32LE(at + 40),
      info: table.readUInt32LE(at + 44),
    });
  }
  return sections;
}

async function readVersionNeeds(read: ReadRange, sections: readonly Section[]): Promise<Map<string, string[]>> {
  const needs = new Map<string, string[]>();
  const found = withStrings(sections, SHT_GNU_VERNEED);
  if (found === undefined) return needs;
  const verneed = found.section;
  const data = await read(verneed.offset, verneed.size);
  const name = await stringTable(read, found.strtab);
  let at = 0;
  for (let n = 0; n < Math.min(verneed.info, MAX_VERNEED) && at + 16 <= data.length; n += 1) {
    const count = data.readUInt16LE(at + 2);
    const file = name(data.readUInt32LE(at + 4));
    const versions: string[] = [];
    let aux = at + data.readUInt32LE(at + 8);
    for (let k = 0; k < count && aux + 16 <= data.length; k += 1) {
      versions.push(name(data.readUInt32LE(aux + 8)));
      const next = data.readUInt32LE(aux + 12);
      if (next === 0) break;
      aux += next;
    }
    needs.set(file, [...(needs.get(file) ?? []), ...versions]);
    const next = data.readUInt32LE(at + 12);
    if (next === 0) break;
    at += next;
  }
  return needs;
}

/** The highest `GLIBC_x.y[.z]` the file needs, e.g. `GLIBC_2.34`, or undefined. */
export function highestGlibc(info: ElfInfo): string | undefined {
  let best: string | undefined;
  for (const versions of info.versionNeeds.values()) {
    for (const version of versions) {
      if (!/^GLIBC_\d+(\.\d+)*$/.test(version)) continue;
      if (best === undefined || compareVersions(version.slice(6), best.slice(6)) > 0) best = version;
    }
  }
  return best;
}

/** Numeric dotted comparison: 2.28 > 2.3. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i += 1) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
