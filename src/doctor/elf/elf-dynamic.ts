import type { ReadRange, Section } from './elf-reader.js';

const SHT_DYNSYM = 11;
const SHT_DYNAMIC = 6;
const DT_NULL = 0;
const DT_NEEDED = 1;
const DYN_SIZE = 16;
const SYM_SIZE = 24;
/** Bounds the work a corrupt or huge file can cause; real libraries have far fewer. */
const MAX_DYN = 4096;
const MAX_SYMBOLS = 500_000;

/** A reader of NUL-terminated names from a string table section. */
export async function stringTable(read: ReadRange, table: Section): Promise<(at: number) => string> {
  const strings = await read(table.offset, table.size);
  return (at) => {
    const end = strings.indexOf(0, at);
    return strings.toString('latin1', at, end < 0 ? strings.length : end);
  };
}

/** The first section of a type and the string table its `sh_link` names, when both are there. */
export function withStrings(sections: readonly Section[], type: number): { section: Section; strtab: Section } | undefined {
  const section = sections.find((s) => s.type === type);
  const strtab = section === undefined ? undefined : sections[section.link];
  return section === undefined || strtab === undefined ? undefined : { section, strtab };
}

/** DT_NEEDED entries of `.dynamic`: the sonames the loader must find before the file can run. */
export async function readNeeded(read: ReadRange, sections: readonly Section[]): Promise<string[]> {
  const found = withStrings(sections, SHT_DYNAMIC);
  if (found === undefined) return [];
  const data = await read(found.section.offset, Math.min(found.section.size, MAX_DYN * DYN_SIZE));
  const name = await stringTable(read, found.strtab);
  const needed: string[] = [];
  for (let at = 0; at + DYN_SIZE <= data.length; at += DYN_SIZE) {
    const tag = data.readBigInt64LE(at);
    if (tag === BigInt(DT_NULL)) break;
    if (tag === BigInt(DT_NEEDED)) needed.push(name(Number(data.readBigUInt64LE(at + 8))));
  }
  return needed;
}

/** Names of the symbols `.dynsym` defines (section index not SHN_UNDEF) that `wanted` keeps. */
export async function readDefinedSymbols(
  read: ReadRange,
  sections: readonly Section[],
  wanted: (name: string) => boolean,
): Promise<string[]> {
  const found = withStrings(sections, SHT_DYNSYM);
  if (found === undefined) return [];
  const data = await read(found.section.offset, Math.min(found.section.size, MAX_SYMBOLS * SYM_SIZE));
  const name = await stringTable(read, found.strtab);
  const kept: string[] = [];
  for (let at = 0; at + SYM_SIZE <= data.length; at += SYM_SIZE) {
    if (data.readUInt16LE(at + 6) === 0) continue;
    const symbol = name(data.readUInt32LE(at));
    if (symbol !== '' && wanted(symbol)) kept.push(symbol);
  }
  return kept;
}
