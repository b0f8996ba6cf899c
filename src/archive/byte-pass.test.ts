import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, open, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BytePass } from './byte-pass.js';
import { inspectZip } from './inspect-zip.js';
import { makeZip } from './zip-writer.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lsim-byte-pass-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const sha = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

describe('BytePass', () => {
  it('hashes blocks in file order whatever order they are read in, and copies each once', async () => {
    const bytes = randomBytes(10 * 16 + 5);
    const blocks = Array.from({ length: 11 }, (_, i) => bytes.subarray(i * 16, i * 16 + 16));
    const copyPath = join(dir, 'copy');
    const copy = await open(copyPath, 'w+');
    const pass = new BytePass(16, blocks.length, copy);
    // The central directory first, then entries two at a time, one block read twice.
    for (const index of [10, 9, 0, 2, 1, 3, 3, 5, 4]) await pass.take(index, blocks[index] as Buffer);
    const reads: number[] = [];
    const digest = await pass.finish(async (index) => {
      reads.push(index);
      return blocks[index] as Buffer;
    });
    await copy.close();
    expect(digest.digest.toString('hex')).toBe(sha(bytes));
    expect(digest.size).toBe(bytes.length);
    // Blocks 6 to 8 were never read by the walk; 9 and 10 were held for the hash.
    expect(reads).toEqual([6, 7, 8]);
    expect(sha(await readFile(copyPath))).toBe(sha(bytes));
  });

  it('hashes an empty file', async () => {
    const digest = await new BytePass(16, 0, undefined).finish(() => Promise.reject(new Error('nothing to read')));
    expect(digest).toEqual({ digest: createHash('sha256').digest(), size: 0 });
  });
});

describe('inspectZip with copyTo', () => {
  it('copies the zip in the same read that hashes and inspects it', async () => {
    // Several MiB blocks, with entries large and small, so the walk reads blocks out of order.
    const entries = Array.from({ length: 40 }, (_, i) => ({ name: `python/m${i}.py`, data: randomBytes(i % 3 === 0 ? 200_000 : 500) }));
    const bytes = makeZip(entries);
    const source = join(dir, 'source.zip');
    await writeFile(source, bytes);
    const copyTo = join(dir, 'copy.zip');
    const result = await inspectZip(source, { copyTo });
    expect(result.sha256Hex).toBe(sha(bytes));
    expect(result.codeSize).toBe(bytes.length);
    expect(result.entries).toHaveLength(40);
    expect((await readFile(copyTo)).equals(bytes)).toBe(true);
  });
});
