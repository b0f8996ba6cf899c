import { chmod, lstat, mkdir, mkdtemp, readFile, readdir, readlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { extractZip } from './extract-zip.js';
import { inspectZip } from './inspect-zip.js';
import { removeTree } from './remove-tree.js';
import { makeZip } from './zip-writer.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lsim-extract-'));
});
afterEach(async () => {
  await removeTree(dir);
});

async function writeZip(bytes: Buffer): Promise<string> {
  const path = join(dir, 'upload.zip');
  await writeFile(path, bytes);
  return path;
}

const mode = async (path: string): Promise<number> => (await lstat(path)).mode & 0o7777;

const big = Buffer.from(Array.from({ length: 2_500_000 }, (_, i) => (i * 31 + (i >> 9)) & 0xff));

const layer = makeZip([
  { name: 'bin/', type: 'directory', mode: 0o755 },
  { name: 'bin/tool', data: '#!/bin/sh\necho hi\n', mode: 0o755 },
  { name: 'python/lib/python3.12/site-packages/pkg/__init__.py', data: 'X = 1\n', mode: 0o644 },
  { name: 'lib/libx.so.1', data: big, mode: 0o644 },
  { name: 'lib/libx.so', type: 'symlink', target: 'libx.so.1' },
  { name: 'share/doc', type: 'symlink', target: '../python' },
  { name: 'empty/', type: 'directory', mode: 0o750 },
  { name: 'readonly/', type: 'directory', mode: 0o555 },
  { name: 'readonly/data.txt', data: 'ro', mode: 0o444 },
  { name: 'setuid', data: 'x', mode: 0o4755 },
]);

describe('extractZip', () => {
  it('round-trips a layer with exact modes, contents, symlinks and empty folders', async () => {
    const dest = join(dir, 'cache', 'layer');
    const result = await extractZip(await writeZip(layer), dest);

    expect(await readFile(join(dest, 'bin/tool'), 'utf8')).toBe('#!/bin/sh\necho hi\n');
    expect(await mode(join(dest, 'bin/tool'))).toBe(0o755);
    expect(await mode(join(dest, 'bin'))).toBe(0o755);
    expect(await mode(join(dest, 'python/lib/python3.12/site-packages/pkg/__init__.py'))).toBe(0o644);
    // Folders only implied by file paths get 0755.
    expect(await mode(join(dest, 'python/lib/python3.12'))).toBe(0o755);
    expect((await readFile(join(dest, 'lib/libx.so.1'))).equals(big)).toBe(true);
    expect(await readlink(join(dest, 'lib/libx.so'))).toBe('libx.so.1');
    expect(await readlink(join(dest, 'share/doc'))).toBe('../python');
    expect((await readFile(join(dest, 'lib/libx.so'))).length).toBe(big.length);
    expect(await readdir(join(dest, 'empty'))).toEqual([]);
    expect(await mode(join(dest, 'empty'))).toBe(0o750);
    expect(await mode(join(dest, 'readonly'))).toBe(0o555);
    expect(await readFile(join(dest, 'readonly/data.txt'), 'utf8')).toBe('ro');
    expect(await mode(join(dest, 'readonly/data.txt'))).toBe(0o444);
    // setuid and friends are dropped on disk (see tree-writer), though the inspection reports them.
    expect(await mode(join(dest, 'setuid'))).toBe(0o755);
    expect(result.entries.find((entry) => entry.name === 'setuid')?.mode).toBe(0o4755);

    expect(await readdir(join(dir, 'cache'))).toEqual(['layer']);
    expect(result).toEqual(await inspectZip(join(dir, 'upload.zip')));
  });

  it('keeps the tree another process already renamed into place', async () => {
    const dest = join(dir, 'cache', 'layer');
    await mkdir(dest, { recursive: true });
    await writeFile(join(dest, 'winner'), 'first');
    const result = await extractZip(await writeZip(layer), dest);
    expect(await readdir(dest)).toEqual(['winner']);
    expect(await readdir(join(dir, 'cache'))).toEqual(['layer']);
    expect(result.entries.length).toBe(10);
  });

  it('creates the parent folder when needed and accepts an empty archive', async () => {
    const dest = join(dir, 'a', 'b', 'layer');
    await extractZip(await writeZip(makeZip([])), dest);
    expect(await readdir(dest)).toEqual([]);
  });

  it('applies the umask-independent default modes to zips without unix attributes', async () => {
    const dest = join(dir, 'layer');
    const previous = process.umask(0o077);
    try {
      await extractZip(await writeZip(makeZip([{ name: 'bin/bootstrap', data: '#!/bin/sh\n' }])), dest);
    } finally {
      process.umask(previous);
    }
    expect(await mode(join(dest, 'bin'))).toBe(0o755);
    expect(await mode(join(dest, 'bin/bootstrap'))).toBe(0o644);
  });
});

describe('removeTree', () => {
  it('removes trees with read-only and unreadable folders', async () => {
    const root = join(dir, 'tree');
    await mkdir(join(root, 'a/b'), { recursive: true });
    await writeFile(join(root, 'a/b/f'), 'x');
    await chmod(join(root, 'a/b'), 0o000);
    await chmod(join(root, 'a'), 0o555);
    await removeTree(root);
    expect(await readdir(dir)).toEqual([]);
  });

  it('ignores a path that does not exist', async () => {
    await expect(removeTree(join(dir, 'missing'))).resolves.toBeUndefined();
  });
});
