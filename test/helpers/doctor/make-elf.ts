/**
 * Builds small synthetic ELF files for the doctor's tests: a header, a string table and a
 * `.gnu.version_r` section, a `.dynamic` with DT_NEEDED entries and a `.dynsym` of defined symbols,
 * which is all the reader looks at. Not a loadable program.
 */
export interface ElfSpec {
  readonly machine?: number;
  readonly elfClass?: 32 | 64;
  readonly bigEndian?: boolean;
  /** Library → version names, e.g. `{ 'libc.so.6': ['GLIBC_2.2.5', 'GLIBC_2.34'] }`. */
  readonly needs?: Readonly<Record<string, readonly string[]>>;
  /** DT_NEEDED sonames, e.g. `['libruby.so.3.2']`. */
  readonly needed?: readonly string[];
  /** Names of defined dynamic symbols, e.g. `['node_register_module_v115']`. */
  readonly defines?: readonly string[];
  /** A PT_INTERP program header naming this loader, e.g. `/lib/ld-musl-x86_64.so.1`. */
  readonly interpreter?: string;
}

export function makeElf(spec: ElfSpec = {}): Buffer {
  const header = Buffer.alloc(64);
  header.write('\x7fELF', 0, 'latin1');
  header[4] = spec.elfClass === 32 ? 1 : 2;
  header[5] = spec.bigEndian === true ? 2 : 1;
  header[6] = 1;
  const write16 = (value: number, at: number): void => {
    if (spec.bigEndian === true) header.writeUInt16BE(value, at);
    else header.writeUInt16LE(value, at);
  };
  write16(3, 16);
  write16(spec.machine ?? 62, 18);
  if (spec.elfClass === 32 || spec.bigEndian === true) return header;

  const strings: string[] = [''];
  const stringOffset = (value: string): number => {
    let at = 0;
    for (const s of strings) {
      if (s === value) return at;
      at += Buffer.byteLength(s) + 1;
    }
    strings.push(value);
    return at;
  };
  const needs = Object.entries(spec.needs ?? {});
  const records: Buffer[] = [];
  needs.forEach(([file, versions], index) => {
    const need = Buffer.alloc(16);
    need.writeUInt16LE(1, 0);
    need.writeUInt16LE(versions.length, 2);
    need.writeUInt32LE(stringOffset(file), 4);
    need.writeUInt32LE(16, 8);
    need.writeUInt32LE(index === needs.length - 1 ? 0 : 16 + 16 * versions.length, 12);
    records.push(need);
    versions.forEach((version, k) => {
      const aux = Buffer.alloc(16);
      aux.writeUInt32LE(stringOffset(version), 8);
      aux.writeUInt32LE(k === versions.length - 1 ? 0 : 16, 12);
      records.push(aux);
    });
  });
  const verneed = Buffer.concat(records);
  const dynamic = Buffer.alloc(16 * ((spec.needed?.length ?? 0) + 1));
  (spec.needed ?? []).forEach((soname, k) => {
    dynamic.writeBigInt64LE(1n, 16 * k);
    dynamic.writeBigUInt64LE(BigInt(stringOffset(soname)), 16 * k + 8);
  });
  // Entry 0 is the null symbol, as in every real .dynsym; the rest are defined (section index 1).
  const dynsym = Buffer.alloc(24 * ((spec.defines?.length ?? 0) + 1));
  (spec.defines ?? []).forEach((name, k) => {
    dynsym.writeUInt32LE(stringOffset(name), 24 * (k + 1));
    dynsym.writeUInt16LE(1, 24 * (k + 1) + 6);
  });
  const dynstr = Buffer.from(strings.map((s) => `${s}\0`).join(''), 'latin1');
  const dynstrOffset = 64;
  const verneedOffset = dynstrOffset + dynstr.length;
  const dynamicOffset = verneedOffset + verneed.length;
  const dynsymOffset = dynamicOffset + dynamic.length;
  const shoff = dynsymOffset + dynsym.length;
  const section = (type: number, offset: number, size: number, link: number, info: number): Buffer => {
    const sh = Buffer.alloc(64);
    sh.writeUInt32LE(type, 4);
    sh.writeBigUInt64LE(BigInt(offset), 24);
    sh.writeBigUInt64LE(BigInt(size), 32);
    sh.writeUInt32LE(link, 40);
    sh.writeUInt32LE(info, 44);
    return sh;
  };
  const sections = [
    section(0, 0, 0, 0, 0),
    section(3, dynstrOffset, dynstr.length, 0, 0),
    section(0x6ffffffe, verneedOffset, verneed.length, 1, needs.length),
    section(6, dynamicOffset, dynamic.length, 1, 0),
    section(11, dynsymOffset, dynsym.length, 1, 1),
  ];
  header.writeBigUInt64LE(BigInt(shoff), 0x28);
  header.writeUInt16LE(64, 0x3a);
  header.writeUInt16LE(sections.length, 0x3c);
  const body = Buffer.concat([header, dynstr, verneed, dynamic, dynsym, ...sections]);
  if (spec.interpreter === undefined) return body;
  const path = Buffer.from(`${spec.interpreter}\0`, 'latin1');
  const phdr = Buffer.alloc(56);
  phdr.writeUInt32LE(3, 0);
  phdr.writeBigUInt64LE(BigInt(body.length + 56), 8);
  phdr.writeBigUInt64LE(BigInt(path.length), 32);
  body.writeBigUInt64LE(BigInt(body.length), 0x20);
  body.writeUInt16LE(56, 0x36);
  body.writeUInt16LE(1, 0x38);
  return Buffer.concat([body, phdr, path]);
}
