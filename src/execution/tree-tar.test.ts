import { chmod, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import tar from 'tar-stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { COMPLETE_MARKER, packMarker, packMergedTree, walkTree } from './tree-tar.js';

interface Unpacked {
  readonly name: string;
  readonly type: string;
  readonly mode: number;
  readonly uid: number;
  readonly linkname: string | null;
  readonly body: string;
}

async function unpack(stream: Readable): Promise<Unpacked[]> {
  const extract = tar.extract();
  const out: Unpacked[] = [];
  const done = (async () => {
    for await (const entry of extract) {
      const chunks: Buffer[] = [];
      for await (const chunk of entry) chunks.push(chunk as Buffer);
      const { name, type, mode, uid, linkname } = entry.header;
      out.push({
        name,
        type: type ?? '',
        mode: mode ?? 0,
        uid: uid ?? -1,
        linkname: linkname ?? null,
        body: Buffer.concat(chunks).toString(),
      });
    }
  })();
  for await (const chunk of stream) extract.write(chunk);
  extract.end(Buffer.alloc(0));
  await done;
  return out;
}

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'lsim-tree-tar-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function tree(
  name: string,
  files: Record<string, string | { mode: number; data: string } | { symlink: string } | 'dir'>,
): Promise<string> {
  const base = join(root, name);
  await mkdir(base, { recursive: true });
  for (const [path, spec] of Object.entries(files)) {
    const target = join(base, path);
    if (spec === 'dir') {
      await mkdir(target, { recursive: true });
      continue;
    }
    await mkdir(join(target, '..'), { recursive: true });
    if (typeof spec === 'object' && 'symlink' in spec) await symlink(spec.symlink, target);
    else if (typeof spec === 'string') await writeFile(target, spec);
    else {
      await writeFile(target, spec.data);
      await chmod(target, spec.mode);
    }
  }
  return base;
}

describe('walkTree', () => {
  it('lists folders, files and symlinks (not followed) with modes, sorted, parents first', async () => {
    const dir = await tree('t', { 'b/x': 'x', a: { mode: 0o755, data: '#!/bin/sh\n' }, 'b/l': { symlink: '../a' } });
    const entries = await walkTree(dir);
    expect(entries.map((entry) => [entry.path, entry.kind, entry.kind === 'directory' ? 0 : entry.mode & 0o777, entry.linkTarget])).toEqual(
      [
        ['a', 'file', 0o755, undefined],
        ['b', 'directory', 0, undefined],
        ['b/l', 'symlink', expect.any(Number), '../a'],
        ['b/x', 'file', expect.any(Number), undefined],
      ],
    );
  });
});

describe('packMergedTree', () => {
  it('streams the merged layers: later layer wins, folders merged, upper file hides a lower folder, modes and links kept, root-owned', async () => {
    const lower = await tree('lower', {
      'python/shared.py': 'lower',
      'python/only_lower.py': 'lower only',
      'bin/tool': { mode: 0o755, data: '#!/bin/sh\necho hi\n' },
      'lib/thing/inside': 'hidden',
    });
    const upper = await tree('upper', {
      'python/shared.py': 'upper',
      'python/link.py': { symlink: 'shared.py' },
      'lib/thing': { mode: 0o600, data: 'upper file' },
    });
    const entries = await unpack(packMergedTree([await walkTree(lower), await walkTree(upper)]));
    const byName = new Map(entries.map((entry) => [entry.name, entry]));
    expect(entries.map((entry) => entry.name)).toEqual([
      'bin',
      'bin/tool',
      'lib',
      'lib/thing',
      'python',
      'python/link.py',
      'python/only_lower.py',
      'python/shared.py',
    ]);
    expect(byName.get('python/shared.py')?.body).toBe('upper');
    expect(byName.get('python/only_lower.py')?.body).toBe('lower only');
    expect(byName.get('bin/tool')).toMatchObject({ type: 'file', mode: 0o755, body: '#!/bin/sh\necho hi\n' });
    expect(byName.get('lib/thing')).toMatchObject({ type: 'file', mode: 0o600, body: 'upper file' });
    expect(byName.get('python/link.py')).toMatchObject({ type: 'symlink', linkname: 'shared.py' });
    expect(byName.get('python')?.type).toBe('directory');
    expect(entries.every((entry) => entry.uid === 0)).toBe(true);
  });

  it('streams large files whole and makes an empty tar of no layers', async () => {
    const big = 'y'.repeat(3 * 1024 * 1024 + 17);
    const dir = await tree('big', { 'data.bin': big });
    const [entry] = await unpack(packMergedTree([await walkTree(dir)]));
    expect(entry?.body.length).toBe(big.length);
    expect(await unpack(packMergedTree([]))).toEqual([]);
  });

  it('fails the stream when a file vanished since the walk (never a silently short tree)', async () => {
    const dir = await tree('gone', { a: 'a', b: 'b' });
    const listing = await walkTree(dir);
    await rm(join(dir, 'b'));
    await expect(unpack(packMergedTree([listing]))).rejects.toThrow();
  });
});

describe('packMarker', () => {
  it('is one read-only root-owned file', async () => {
    expect(await unpack(packMarker('v\n'))).toEqual([
      { name: COMPLETE_MARKER, type: 'file', mode: 0o444, uid: 0, linkname: null, body: 'v\n' },
    ]);
  });
});
