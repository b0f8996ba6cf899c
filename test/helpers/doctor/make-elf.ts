/**
 * Builds small synthetic ELF files for the doctor's tests: a header, a string table and a
 * `.gnu.version_r` section, which is all the reader looks at. Not a loadable program.
 */
export interface ElfSpec {
  readonly machine?: number;
  readonly elfClass?: 32 | 64;
  readonly bigEndian?: boolean;
  /** Library → version names, e.g. `{ 'libc.so.6': ['GLIBC_2.2.5', 'GLIBC_2.34'] }`. */
  readonly needs?: Readonly<Record<string, readonly string[]>>;
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
  const dynstr = Buffer.from(strings.map((s) => `${s}\0`).join(''), 'latin1');
  const dynstrOffset = 64;
  const verneedOffset = dynstrOffset + dynstr.length;
  const shoff = verneedOffset + verneed.length;
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
  ];
  header.writeBigUInt64LE(BigInt(shoff), 0x28);
  header.writeUInt16LE(64, 0x3a);
  header.writeUInt16LE(sections.length, 0x3c);
  return Buffer.concat([header, dynstr, verneed, ...sections]);
}
