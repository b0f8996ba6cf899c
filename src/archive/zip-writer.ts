import { crc32, deflateRawSync } from 'node:zlib';

/**
 * Writes zip archives byte by byte (no zip tool needed on the machine): for `zipDirectory`, the
 * examples, and the tests, which build hostile archives too (zip-slip names, absolute paths,
 * escaping symlinks, lying headers, duplicates) — hence the knobs no honest archive uses.
 */
export interface ZipSpecEntry {
  readonly name: string;
  /** Defaults to a file. */
  readonly type?: 'file' | 'directory' | 'symlink';
  readonly data?: string | Buffer;
  /** Unix permission bits; omitted → the archive records no unix mode (as Windows zippers do). */
  readonly mode?: number;
  readonly target?: string;
  /** Store instead of deflate. */
  readonly store?: boolean;
  /** Write this uncompressed size into the headers instead of the real one (a lying bomb). */
  readonly claimedSize?: number;
  /** Set the "encrypted" flag bit. */
  readonly encrypted?: boolean;
  /**
   * A ready-made raw deflate stream with the CRC-32 and size of what it inflates to, for entries
   * too big to hold inflated in a test (zip bombs). Replaces `data`; `claimedSize` still applies.
   */
  readonly deflated?: { readonly body: Buffer; readonly crc: number; readonly size: number };
}

const S_IFREG = 0o100000;
const S_IFDIR = 0o040000;
const S_IFLNK = 0o120000;

export function makeZip(entries: readonly ZipSpecEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const type = entry.type ?? 'file';
    const name = type === 'directory' && !entry.name.endsWith('/') ? `${entry.name}/` : entry.name;
    const raw =
      type === 'symlink'
        ? Buffer.from(entry.target ?? '')
        : type === 'directory'
          ? Buffer.alloc(0)
          : Buffer.isBuffer(entry.data)
            ? entry.data
            : Buffer.from(entry.data ?? '');
    const pre = type === 'file' ? entry.deflated : undefined;
    const store = pre === undefined && (entry.store === true || type !== 'file');
    const body = pre?.body ?? (store ? raw : deflateRawSync(raw));
    const method = store ? 0 : 8;
    const crc = pre?.crc ?? crc32(raw);
    const size = entry.claimedSize ?? pre?.size ?? raw.length;
    const nameBuf = Buffer.from(name, 'utf8');
    const flags = 0x0800 | (entry.encrypted === true ? 0x1 : 0);

    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(0, 10); // dos time/date
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(nameBuf.length, 26);
    local.writeUInt16LE(0, 28);
    locals.push(local, nameBuf, body);

    const typeBits = type === 'symlink' ? S_IFLNK : type === 'directory' ? S_IFDIR : S_IFREG;
    const hasMode = entry.mode !== undefined || type === 'symlink';
    const mode = entry.mode ?? (type === 'symlink' ? 0o777 : 0);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(hasMode ? (3 << 8) | 20 : 20, 4); // made by: unix when a mode is recorded
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(flags, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(0, 12);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(nameBuf.length, 28);
    central.writeUInt16LE(0, 30);
    central.writeUInt16LE(0, 32);
    central.writeUInt16LE(0, 34);
    central.writeUInt16LE(0, 36);
    central.writeUInt32LE(hasMode ? ((typeBits | mode) << 16) >>> 0 : type === 'directory' ? 0x10 : 0, 38);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, nameBuf);
    offset += local.length + nameBuf.length + body.length;
  }
  const centralDir = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(centralDir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, centralDir, end]);
}
