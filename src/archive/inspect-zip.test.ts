import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { inspectZip } from './inspect-zip.js';
import { makeZip } from './zip-writer.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lsim-inspect-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function writeZip(bytes: Buffer): Promise<string> {
  const path = join(dir, 'upload.zip');
  await writeFile(path, bytes);
  return path;
}

describe('inspectZip', () => {
  it('reports Lambda CodeSha256 and CodeSize of the zip bytes', async () => {
    const bytes = makeZip([{ name: 'index.mjs', data: 'export const handler = async () => 1;\n', mode: 0o644 }]);
    const result = await inspectZip(await writeZip(bytes));
    expect(result.codeSha256).toBe(createHash('sha256').update(bytes).digest('base64'));
    expect(result.sha256Hex).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(result.codeSize).toBe(bytes.length);
  });

  it('lists every entry with type, mode, real size and link target', async () => {
    const big = Buffer.alloc(3_000_000, 'abc'); // large enough to take the streaming path
    const bytes = makeZip([
      { name: 'nodejs/', type: 'directory', mode: 0o755 },
      { name: 'nodejs/node_modules/pkg/index.js', data: 'module.exports = 1;\n', mode: 0o644 },
      { name: 'bin/tool', data: '#!/bin/sh\n', mode: 0o755 },
      { name: 'lib/libx.so', type: 'symlink', target: 'libx.so.1' },
      { name: 'lib/libx.so.1', data: big, mode: 0o644 },
      { name: 'empty/', type: 'directory', mode: 0o700 },
      { name: 'stored.txt', data: 'plain', store: true, mode: 0o600 },
    ]);
    const result = await inspectZip(await writeZip(bytes));
    expect(result.entries).toEqual([
      { name: 'nodejs', type: 'directory', mode: 0o755, size: 0 },
      { name: 'nodejs/node_modules/pkg/index.js', type: 'file', mode: 0o644, size: 20 },
      { name: 'bin/tool', type: 'file', mode: 0o755, size: 10 },
      { name: 'lib/libx.so', type: 'symlink', mode: 0o777, size: 9, linkTarget: 'libx.so.1' },
      { name: 'lib/libx.so.1', type: 'file', mode: 0o644, size: 3_000_000 },
      { name: 'empty', type: 'directory', mode: 0o700, size: 0 },
      { name: 'stored.txt', type: 'file', mode: 0o600, size: 5 },
    ]);
    expect(result.unzippedSize).toBe(20 + 10 + 9 + 3_000_000 + 5);
  });

  it('uses 0644 for files and 0755 for folders when the zip records no unix modes', async () => {
    const bytes = makeZip([
      { name: 'bin/', type: 'directory' },
      { name: 'bin/bootstrap', data: '#!/bin/sh\n' },
    ]);
    const result = await inspectZip(await writeZip(bytes));
    expect(result.entries.map((entry) => [entry.name, entry.mode])).toEqual([
      ['bin', 0o755],
      ['bin/bootstrap', 0o644],
    ]);
  });

  it('accepts relative symlinks that stay inside, including through other links', async () => {
    const bytes = makeZip([
      { name: 'a/b/file', data: 'x', mode: 0o644 },
      { name: 'a/up', type: 'symlink', target: '..' },
      { name: 'a/b/link', type: 'symlink', target: '../up/a/b/file' },
      { name: 'loop', type: 'symlink', target: 'loop' },
    ]);
    const result = await inspectZip(await writeZip(bytes));
    expect(result.entries.filter((entry) => entry.type === 'symlink').map((entry) => entry.linkTarget)).toEqual([
      '..',
      '../up/a/b/file',
      'loop',
    ]);
  });

  it('normalises names: ./ prefixes and doubled slashes, and skips a ./ root entry', async () => {
    const bytes = makeZip([
      { name: './', type: 'directory' },
      { name: './python//mod.py', data: 'x', mode: 0o644 },
    ]);
    const result = await inspectZip(await writeZip(bytes));
    expect(result.entries.map((entry) => entry.name)).toEqual(['python/mod.py']);
  });

  it('reads an empty archive', async () => {
    const result = await inspectZip(await writeZip(makeZip([])));
    expect(result).toMatchObject({ entries: [], unzippedSize: 0, codeSize: 22 });
  });
});
