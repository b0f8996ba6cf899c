import { pipeline, type Readable } from 'node:stream';
import { crc32, createInflateRaw, inflateRawSync } from 'node:zlib';
import type { Entry, ZipFile } from 'yauzl';
import { isLsimError } from '../common/errors.js';
import { couldNotUnzip } from './archive-errors.js';
import type { BlockReader } from './block-reader.js';

/**
 * Entries at most this big (compressed and as declared) are inflated in one synchronous call from
 * the reader's cache: for the thousands of small files of a typical layer, a zlib stream per entry
 * costs several times the inflating itself. Bounded, so the event loop is never held for long.
 */
const SMALL_COMPRESSED = 256 * 1024;
const SMALL_INFLATED = 1024 * 1024;

/** Charges bytes to the archive's unzipped-size budget; throws once the limit is passed. */
export type Budget = (bytes: number) => void;

/** A large entry's bytes, checked against the central directory as they pass. */
export class StreamedEntry {
  size = 0;
  finished = false;

  constructor(
    readonly stream: Readable,
    private readonly entry: Entry,
    private readonly name: string,
    private readonly budget: Budget,
  ) {}

  async *chunks(): AsyncGenerator<Buffer> {
    let crc = 0;
    try {
      for await (const chunk of this.stream as AsyncIterable<Buffer>) {
        this.size += chunk.length;
        this.budget(chunk.length);
        crc = crc32(chunk, crc);
        yield chunk;
      }
    } catch (error) {
      throw isLsimError(error) ? error : couldNotUnzip(error);
    }
    // Sizes are compared only at the end so that an entry whose header understates its size still
    // runs into the unzipped-size limit (the zip bomb) instead of a generic unzip error.
    checkIntegrity(this.entry, this.name, this.size, crc);
    this.finished = true;
  }
}

/** Reads entry contents, inflating them and verifying size and CRC-32 (yauzl checks neither). */
export class EntryReader {
  constructor(
    private readonly zipfile: ZipFile,
    private readonly reader: BlockReader,
    private readonly budget: Budget,
  ) {}

  async read(entry: Entry, name: string): Promise<Buffer | StreamedEntry> {
    if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8) {
      throw couldNotUnzip(new Error(`entry ${name}: unsupported compression method ${entry.compressionMethod}`));
    }
    if (entry.compressedSize <= SMALL_COMPRESSED && entry.uncompressedSize <= SMALL_INFLATED) {
      const data = await this.readSmall(entry, name);
      if (data !== undefined) return data;
    }
    return this.stream(entry, name);
  }

  /** undefined when the entry inflates past its declared size: the streaming path judges it. */
  private async readSmall(entry: Entry, name: string): Promise<Buffer | undefined> {
    let compressed: Buffer;
    try {
      const start = await this.dataStart(entry);
      compressed = await this.reader.slice(start, entry.compressedSize);
    } catch (error) {
      throw couldNotUnzip(error);
    }
    if (compressed.length !== entry.compressedSize) throw couldNotUnzip(new Error(`entry ${name}: truncated`));
    let data = compressed;
    if (entry.compressionMethod === 8) {
      try {
        data = inflateRawSync(compressed, { maxOutputLength: entry.uncompressedSize + 1 });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') return undefined;
        throw couldNotUnzip(error);
      }
    }
    this.budget(data.length);
    checkIntegrity(entry, name, data.length, crc32(data));
    return data;
  }

  private async stream(entry: Entry, name: string): Promise<StreamedEntry> {
    let raw: Readable;
    try {
      // Raw bytes, inflated here: yauzl's own inflate would stop a lying header at its claimed size,
      // before the running total could reach the limit, turning a zip bomb into a mere unzip error.
      raw = await this.zipfile.openReadStreamPromise(entry, { decodeFileData: false });
    } catch (error) {
      throw couldNotUnzip(error);
    }
    const stream = entry.compressionMethod === 8 ? pipeline(raw, createInflateRaw(), () => undefined) : raw;
    return new StreamedEntry(stream, entry, name, this.budget);
  }

  private dataStart(entry: Entry): Promise<number> {
    return new Promise((resolve, reject) => {
      this.zipfile.readLocalFileHeader(entry, { minimal: true }, (error, header) =>
        error === null ? resolve(header.fileDataStart) : reject(error),
      );
    });
  }
}

function checkIntegrity(entry: Entry, name: string, size: number, crc: number): void {
  if (size !== entry.uncompressedSize) {
    throw couldNotUnzip(new Error(`entry ${name}: ${size} bytes, header says ${entry.uncompressedSize}`));
  }
  if (crc !== entry.crc32) throw couldNotUnzip(new Error(`entry ${name}: CRC-32 mismatch`));
}
