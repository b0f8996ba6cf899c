import { chmod, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { normalizeMode, readContextDir, writeContextDir } from './context-files.js';

describe('readContextDir', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lsim-ctx-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('lists files, folders and symlinks in path order with normalized modes', async () => {
    await mkdir(join(dir, 'b'));
    await writeFile(join(dir, 'b', 'run'), '#!/bin/sh\n');
    await chmod(join(dir, 'b', 'run'), 0o700);
    await writeFile(join(dir, 'a.txt'), 'x');
    await chmod(join(dir, 'a.txt'), 0o600);
    await writeFile(join(dir, 'B'), 'upper');
    await symlink('b/run', join(dir, 'link'));
    const entries = await readContextDir(dir);
    expect(entries.map((entry) => entry.path)).toEqual(['B', 'a.txt', 'b', 'b/run', 'link']);
    expect(entries.find((entry) => entry.path === 'b/run')).toMatchObject({ type: 'file', mode: 0o755 });
    expect(entries.find((entry) => entry.path === 'a.txt')).toMatchObject({ type: 'file', mode: 0o644 });
    expect(entries.find((entry) => entry.path === 'b')).toMatchObject({ type: 'directory', mode: 0o755 });
    expect(entries.find((entry) => entry.path === 'link')).toEqual({ type: 'symlink', path: 'link', target: 'b/run' });
  });

  it('leaves out excluded top-level names only', async () => {
    await mkdir(join(dir, 'notes'));
    await writeFile(join(dir, 'notes', 'handler.py'), '');
    await mkdir(join(dir, 'lib'));
    await writeFile(join(dir, 'lib', 'README.md'), 'kept: not top level');
    await writeFile(join(dir, 'README.md'), 'dropped');
    const entries = await readContextDir(dir, new Set(['notes', 'README.md']));
    expect(entries.map((entry) => entry.path)).toEqual(['lib', 'lib/README.md']);
  });

  it('keeps only the exec bit of a mode', () => {
    expect(normalizeMode(0o100664, false)).toBe(0o644);
    expect(normalizeMode(0o100744, false)).toBe(0o755);
    expect(normalizeMode(0o40700, true)).toBe(0o755);
  });

  it('writes back what it read', async () => {
    await mkdir(join(dir, 'in', 'sub'), { recursive: true });
    await writeFile(join(dir, 'in', 'sub', 'run.sh'), '#!/bin/sh\n', { mode: 0o755 });
    await writeFile(join(dir, 'in', 'a.txt'), 'x');
    await symlink('sub/run.sh', join(dir, 'in', 'link'));
    const entries = await readContextDir(join(dir, 'in'));
    await writeContextDir(join(dir, 'out'), entries);
    expect(await readContextDir(join(dir, 'out'))).toEqual(entries);
  });
});
