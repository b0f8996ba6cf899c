import { createHash } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';
import type { FileDigest } from './hash-file.js';

/**
 * Blocks read ahead of the hash cursor that are held for it: the zip's central directory (read first,
 * hashed last) and blocks the two entries in flight read out of order. Past this many, a block is
 * hashed later from the copy (or re-read) instead of being held.
 */
const MAX_HELD_BLOCKS = 8;

/**
 * What the one read of a zip does besides inflating it: the SHA-256 of its bytes, in order, and
 * optionally a private copy of them. The block reader hands it every block the first time it reads
 * it from the source; a block read again later (after its cache evicted it) comes from the copy, so
 * the digest, the validation and the stored copy are all of the same bytes even if the source file
 * changes meanwhile. What the walk never read (the bytes before the first entry, a comment) is read
 * once at the end by `finish`.
 */
export class BytePass {
  private readonly hash = createHash('sha256');
  /** Index of the next block the hash needs. */
  private cursor = 0;
  private readonly held = new Map<number, Buffer>();
  /** Each block's write into the copy, started the first time the block is read. */
  private readonly copied = new Map<number, Promise<void>>();
  private hashedBytes = 0;
  /**
   * The first failed write into the copy (a full disk): the walk reports it as it is, not as the
   * unzip error it becomes on its way through yauzl, since it says nothing about the zip.
   */
  copyFailure: { readonly error: unknown } | undefined;

  constructor(
    private readonly blockSize: number,
    private readonly blockCount: number,
    private readonly copy: FileHandle | undefined,
  ) {}

  /**
   * The copy's handle once it holds this block (read it from there from now on), or undefined when
   * the block must come from the source: there is no copy, or the block was never read.
   */
  async copyHolding(index: number): Promise<FileHandle | undefined> {
    const write = this.copied.get(index);
    if (write === undefined) return undefined;
    await write;
    return this.copy;
  }

  /** A block as first read from the source: copied, and hashed as soon as the hash reaches it. */
  async take(index: number, block: Buffer): Promise<void> {
    if (this.copy !== undefined) {
      let write = this.copied.get(index);
      if (write === undefined) {
        write = writeAll(this.copy, block, index * this.blockSize).catch((error: unknown) => {
          this.copyFailure ??= { error };
          throw error;
        });
        this.copied.set(index, write);
      }
      await write;
    }
    if (index === this.cursor) {
      this.advance(block);
      for (let next = this.held.get(this.cursor); next !== undefined; next = this.held.get(this.cursor)) {
        this.held.delete(this.cursor);
        this.advance(next);
      }
    } else if (index > this.cursor && this.held.size < MAX_HELD_BLOCKS) {
      this.held.set(index, block);
    }
  }

  /**
   * Hashes (and copies) the blocks the walk did not leave hashed; `read` gives a block's bytes (from
   * the copy when it has them). Returns the digest and size of the whole file.
   */
  async finish(read: (index: number) => Promise<Buffer>): Promise<FileDigest> {
    while (this.cursor < this.blockCount) {
      const index = this.cursor;
      await this.take(index, this.held.get(index) ?? (await read(index)));
    }
    return { digest: this.hash.digest(), size: this.hashedBytes };
  }

  private advance(block: Buffer): void {
    this.hash.update(block);
    this.hashedBytes += block.length;
    this.cursor += 1;
  }
}

async function writeAll(handle: FileHandle, block: Buffer, position: number): Promise<void> {
  let written = 0;
  while (written < block.length) {
    const { bytesWritten } = await handle.write(block, written, block.length - written, position + written);
    written += bytesWritten;
  }
}
