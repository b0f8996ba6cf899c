import type { FileHandle } from 'node:fs/promises';
import { Readable } from 'node:stream';
import yauzl from 'yauzl';
import { BytePass } from './byte-pass.js';
import type { FileDigest } from './hash-file.js';

const BLOCK_SIZE = 1 << 20;
/** Enough for the central-directory cursor plus every entry in flight, with room to spare. */
const MAX_BLOCKS = 8;

type ReadCallback = (error: Error | null, bytesRead?: number) => void;

/**
 * A yauzl reader over an open file that reads whole 1 MiB blocks and serves yauzl's many tiny reads
 * (46-byte directory records, 30-byte local headers, small entries) from a small LRU cache.
 * yauzl's own file reader issues one thread-pool read per record, which for a 5,000-file layer
 * costs more than all the inflating. Memory stays bounded at MAX_BLOCKS blocks (and BytePass's few).
 * Every block read from the file also goes through a BytePass: the digest (and the optional copy)
 * come from the same read as the inflating, so the zip's bytes are read once (docs/publish-serve-speed.md).
 */
export class BlockReader extends yauzl.RandomAccessReader {
  /** Insertion order doubles as recency: a hit moves the block to the end. */
  private readonly blocks = new Map<number, Promise<Buffer>>();
  private readonly pass: BytePass;

  /** `copy`, when given, receives every byte of the file, at the same offsets. */
  constructor(
    private readonly handle: FileHandle,
    private readonly size: number,
    copy?: FileHandle,
  ) {
    super();
    this.pass = new BytePass(BLOCK_SIZE, Math.ceil(size / BLOCK_SIZE), copy);
  }

  /** A failed write into the copy, if any (BytePass.copyFailure). */
  get copyFailure(): { readonly error: unknown } | undefined {
    return this.pass.copyFailure;
  }

  /** The SHA-256 and size of the whole file, once the walk is over (reads only what it did not). */
  digest(): Promise<FileDigest> {
    return this.pass.finish((index) => this.blocks.get(index) ?? this.load(index));
  }

  override read(buffer: Buffer, offset: number, length: number, position: number, callback: ReadCallback): void {
    // yauzl checks bytesRead to detect truncated archives, so it must be passed on.
    this.copy(buffer, offset, length, position).then(
      (bytesRead) => callback(null, bytesRead),
      (error: Error) => callback(error),
    );
  }

  override _readStreamForRange(start: number, end: number): Readable {
    let position = start;
    const next = (): Promise<Buffer | null> => {
      const index = Math.floor(position / BLOCK_SIZE);
      return this.block(index).then((block) => {
        const from = position - index * BLOCK_SIZE;
        const to = Math.min(block.length, end - index * BLOCK_SIZE);
        if (to <= from) return null; // end of range, or the file is shorter than the range claims
        position += to - from;
        return block.subarray(from, to);
      });
    };
    return new Readable({
      read() {
        next().then(
          (chunk) => this.push(chunk),
          (error: Error) => this.destroy(error),
        );
      },
    });
  }

  override close(callback: (error: Error | null) => void): void {
    this.blocks.clear();
    this.handle.close().then(
      () => callback(null),
      (error: Error) => callback(error),
    );
  }

  /** `length` bytes at `position` (fewer at end of file); shares the cached block when it can. */
  async slice(position: number, length: number): Promise<Buffer> {
    const index = Math.floor(position / BLOCK_SIZE);
    const from = position - index * BLOCK_SIZE;
    if (from + length <= BLOCK_SIZE) {
      const block = await this.block(index);
      return block.subarray(from, from + length);
    }
    const buffer = Buffer.allocUnsafe(length);
    return buffer.subarray(0, await this.copy(buffer, 0, length, position));
  }

  private async copy(target: Buffer, offset: number, length: number, position: number): Promise<number> {
    let copied = 0;
    while (copied < length && position + copied < this.size) {
      const at = position + copied;
      const index = Math.floor(at / BLOCK_SIZE);
      const block = await this.block(index);
      const from = at - index * BLOCK_SIZE;
      const count = block.copy(target, offset + copied, from, Math.min(block.length, from + length - copied));
      if (count === 0) break;
      copied += count;
    }
    return copied;
  }

  private block(index: number): Promise<Buffer> {
    const cached = this.blocks.get(index);
    if (cached !== undefined) {
      this.blocks.delete(index);
      this.blocks.set(index, cached);
      return cached;
    }
    const loading = this.load(index);
    this.blocks.set(index, loading);
    loading.catch(() => {
      if (this.blocks.get(index) === loading) this.blocks.delete(index);
    });
    if (this.blocks.size > MAX_BLOCKS) {
      const oldest = this.blocks.keys().next().value;
      if (oldest !== undefined) this.blocks.delete(oldest);
    }
    return loading;
  }

  /** A block from the source the first time, from the copy after (see BytePass). */
  private async load(index: number): Promise<Buffer> {
    const copy = await this.pass.copyHolding(index);
    if (copy !== undefined) return readBlock(copy, index, this.size);
    const block = await readBlock(this.handle, index, this.size);
    await this.pass.take(index, block);
    return block;
  }
}

async function readBlock(handle: FileHandle, index: number, size: number): Promise<Buffer> {
  const start = index * BLOCK_SIZE;
  const buffer = Buffer.allocUnsafe(Math.max(0, Math.min(BLOCK_SIZE, size - start)));
  let filled = 0;
  while (filled < buffer.length) {
    const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, start + filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return buffer.subarray(0, filled);
}
