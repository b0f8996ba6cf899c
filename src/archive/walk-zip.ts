import { once } from 'node:events';
import { open, type FileHandle } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { couldNotUnzip, unsafeEntry, unzippedTooLarge } from './archive-errors.js';
import { ArchiveTree } from './archive-tree.js';
import { BlockReader } from './block-reader.js';
import { readEntryAttributes } from './entry-attributes.js';
import { normalizeEntryName } from './entry-name.js';
import { EntryReader } from './entry-reader.js';
import { nextEntry } from './next-entry.js';
import type { FileDigest } from './hash-file.js';
import { MAX_UNZIPPED_BYTES, type InspectOptions, type ZipEntryInfo, type ZipInspection } from './types.js';

/** Where the entries of a validated archive go: nowhere (inspect) or onto disk (extract). */
export interface WalkSink {
  /** How many file entries may be in the sink at once. */
  readonly concurrency: number;
  directory(name: string): Promise<void>;
  /**
   * A whole small file, or a large one as it inflates. The iterable must be consumed to the end;
   * it throws if the entry turns out corrupt or the archive too large.
   */
  file(name: string, mode: number, data: Buffer | AsyncIterable<Buffer>): Promise<void>;
}

/** Longer than any path the kernel accepts as a symlink target (PATH_MAX). */
const MAX_LINK_TARGET = 4096;

/**
 * One streaming pass over a zip: hashes the bytes (and copies them to `options.copyTo`) as they are
 * read, validates every entry, inflates every file into the sink while counting the real sizes, and
 * fails as soon as the total passes the limit. Nothing reaches the sink for an entry until the
 * entry's own checks pass; whole-archive checks (escaping symlink chains) run at the end, so a sink
 * that writes must discard its output on error, and a caller that asked for a copy must drop it.
 */
export async function walkZip(path: string, options: InspectOptions | undefined, sink: WalkSink): Promise<ZipInspection> {
  const copy = options?.copyTo === undefined ? undefined : await open(options.copyTo, 'w+');
  try {
    const { zipfile, reader } = await openZip(path, copy, options?.copyTo);
    let digest: FileDigest;
    const walk = new EntryWalk(zipfile, reader, options?.maxUnzippedBytes ?? MAX_UNZIPPED_BYTES, sink);
    try {
      await walk.run();
      digest = await reader.digest();
    } catch (error) {
      throw copyFault(reader, options?.copyTo) ?? error;
    } finally {
      await closeZip(zipfile);
    }
    return {
      codeSha256: digest.digest.toString('base64'),
      sha256Hex: digest.digest.toString('hex'),
      codeSize: digest.size,
      unzippedSize: walk.unzippedSize,
      entries: walk.entries,
    };
  } finally {
    await copy?.close();
  }
}

class EntryWalk {
  unzippedSize = 0;
  readonly entries: ZipEntryInfo[] = [];
  private readonly tree = new ArchiveTree();
  private readonly contents: EntryReader;
  private readonly tasks = new Set<Promise<void>>();
  private readonly streams = new Set<Readable>();
  private failure: { readonly error: unknown } | undefined;

  constructor(
    private readonly zipfile: ZipFile,
    reader: BlockReader,
    private readonly limit: number,
    private readonly sink: WalkSink,
  ) {
    this.contents = new EntryReader(zipfile, reader, (bytes) => this.charge(bytes));
  }

  async run(): Promise<void> {
    try {
      for (let entry = await nextEntry(this.zipfile); entry !== undefined; entry = await nextEntry(this.zipfile)) {
        await this.visit(entry);
        if (this.failure !== undefined) break;
      }
    } catch (error) {
      this.fail(error);
    }
    await Promise.all(this.tasks);
    if (this.failure !== undefined) throw this.failure.error;
    this.tree.checkSymlinks();
  }

  private async visit(entry: Entry): Promise<void> {
    // Decoded here rather than by yauzl (decodeStrings) so that a bad name reaches lsim's own checks
    // and messages instead of yauzl's, and so backslashes are refused rather than rewritten to '/'.
    const rawName = yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, entry.fileNameRaw, entry.extraFields, true);
    const name = normalizeEntryName(rawName);
    if (name === undefined) return;
    const { type, mode } = readEntryAttributes(entry, rawName);
    if (entry.isEncrypted()) {
      throw unsafeEntry(`Archive entry ${JSON.stringify(name)} is encrypted; encrypted zip entries are not supported.`);
    }
    if (type === 'directory') {
      this.tree.add(name, type);
      this.entries.push({ name, type, mode, size: 0 });
      await this.sink.directory(name);
    } else if (type === 'symlink') {
      const target = await this.readLinkTarget(entry, name);
      this.tree.addSymlink(name, target);
      this.entries.push({ name, type, mode, size: Buffer.byteLength(target), linkTarget: target });
    } else {
      this.tree.add(name, type);
      while (this.tasks.size >= this.sink.concurrency) await Promise.race(this.tasks);
      if (this.failure === undefined) await this.startFile(entry, name, mode);
    }
  }

  private async startFile(entry: Entry, name: string, mode: number): Promise<void> {
    const index = this.entries.push({ name, type: 'file', mode, size: 0 }) - 1;
    const content = await this.contents.read(entry, name);
    if (Buffer.isBuffer(content)) {
      this.entries[index] = { name, type: 'file', mode, size: content.length };
      this.track(this.sink.file(name, mode, content));
      return;
    }
    this.streams.add(content.stream);
    const task = this.sink.file(name, mode, content.chunks()).then(() => {
      if (!content.finished) throw new Error(`lsim bug: the sink left ${name} unread`);
      this.entries[index] = { name, type: 'file', mode, size: content.size };
    });
    this.track(
      task.finally(() => {
        content.stream.destroy();
        this.streams.delete(content.stream);
      }),
    );
  }

  /** Runs a sink write in the background; its failure stops the whole walk. */
  private track(work: Promise<void>): void {
    const task: Promise<void> = work.catch((error: unknown) => this.fail(error)).finally(() => this.tasks.delete(task));
    this.tasks.add(task);
  }

  private async readLinkTarget(entry: Entry, name: string): Promise<string> {
    if (entry.uncompressedSize > MAX_LINK_TARGET) {
      throw unsafeEntry(`Archive entry ${JSON.stringify(name)} is a symbolic link with a target longer than ${MAX_LINK_TARGET} bytes.`);
    }
    const content = await this.contents.read(entry, name);
    if (Buffer.isBuffer(content)) return content.toString('utf8');
    // Only a link whose header lies about its size gets here; the stream then fails the size check.
    const parts: Buffer[] = [];
    try {
      for await (const chunk of content.chunks()) parts.push(chunk);
    } finally {
      content.stream.destroy();
    }
    return Buffer.concat(parts).toString('utf8');
  }

  private charge(bytes: number): void {
    this.unzippedSize += bytes;
    if (this.unzippedSize > this.limit) throw unzippedTooLarge(this.limit);
  }

  private fail(error: unknown): void {
    this.failure ??= { error };
    for (const stream of this.streams) stream.destroy();
  }
}

/**
 * A failed write into the copy (a full disk), which says nothing about the zip: reported as itself
 * rather than as the unzip error it becomes on its way through yauzl. A write to an open handle names
 * no file, so the copy's path is added: the fault then says where (environment-fault.ts).
 */
function copyFault(reader: BlockReader, copyTo: string | undefined): unknown {
  const failure = reader.copyFailure?.error;
  if (failure instanceof Error) (failure as NodeJS.ErrnoException).path ??= copyTo;
  return failure;
}

async function openZip(
  path: string,
  copy: FileHandle | undefined,
  copyTo: string | undefined,
): Promise<{ zipfile: ZipFile; reader: BlockReader }> {
  // A missing or unreadable path is the caller's problem, not a property of the upload: let it through.
  const handle = await open(path, 'r');
  let reader: BlockReader | undefined;
  try {
    const { size } = await handle.stat();
    reader = new BlockReader(handle, size, copy);
    const zipfile = await yauzl.fromRandomAccessReaderPromise(reader, size, {
      lazyEntries: true,
      autoClose: false,
      decodeStrings: false,
      validateEntrySizes: true,
      strictFileNames: true,
    });
    // yauzl also reports descriptor-close failures as 'error' events; with no listener attached
    // between reads those would crash the process instead of being ignored.
    zipfile.on('error', () => undefined);
    return { zipfile, reader };
  } catch (error) {
    await handle.close();
    throw (reader === undefined ? undefined : copyFault(reader, copyTo)) ?? couldNotUnzip(error);
  }
}

/** Waits for yauzl to release the file, which it does once every entry stream is done. */
async function closeZip(zipfile: ZipFile): Promise<void> {
  if (!zipfile.isOpen) return;
  const closed = once(zipfile, 'close');
  zipfile.close();
  await closed.catch(() => undefined);
}
