import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  PORTABLE_CODE_PREFIX,
  PORTABLE_OPT_PREFIX,
  isPortableVolumeName,
  portableCodeVolume,
  portableOptVolume,
  portableVolumeName,
  treeKey,
} from './portable-volumes.js';

const SHA_A = 'a'.repeat(64);
const SHA_B = 'b'.repeat(64);

let root: string;
let extract: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'lsim-portable-'));
  extract = join(root, 'extract');
  await mkdir(join(extract, SHA_A), { recursive: true });
  await mkdir(join(extract, SHA_B), { recursive: true });
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('portable volume naming', () => {
  it('names by the ordered content keys: same layers same name, another order another name', () => {
    const ab = portableVolumeName(PORTABLE_OPT_PREFIX, [`sha256:${SHA_A}`, `sha256:${SHA_B}`]);
    expect(ab).toMatch(/^lsim-optp-[0-9a-f]{32}$/);
    expect(portableVolumeName(PORTABLE_OPT_PREFIX, [`sha256:${SHA_A}`, `sha256:${SHA_B}`])).toBe(ab);
    expect(portableVolumeName(PORTABLE_OPT_PREFIX, [`sha256:${SHA_B}`, `sha256:${SHA_A}`])).not.toBe(ab);
    expect(portableVolumeName(PORTABLE_OPT_PREFIX, [`sha256:${SHA_A}`])).not.toBe(ab);
    // Keys are not concatenated ambiguously.
    expect(portableVolumeName(PORTABLE_OPT_PREFIX, ['ab', 'c'])).not.toBe(portableVolumeName(PORTABLE_OPT_PREFIX, ['a', 'bc']));
  });

  it('keys an extraction-cache folder by its SHA-256 alone, wherever LSIM_HOME is', async () => {
    expect(await treeKey(join(extract, SHA_A), extract)).toBe(`sha256:${SHA_A}`);
    const other = join(root, 'other-home', 'extract');
    await mkdir(join(other, SHA_A), { recursive: true });
    await mkdir(join(other, SHA_B), { recursive: true });
    const here = await portableOptVolume([join(extract, SHA_A), join(extract, SHA_B)], extract);
    const there = await portableOptVolume([join(other, SHA_A), join(other, SHA_B)], other);
    expect(here.name).toBe(there.name);
    expect(here).toMatchObject({ target: '/opt', trees: [join(extract, SHA_A), join(extract, SHA_B)] });
  });

  it('keys any other folder by its listing: an edit (content size, mode or mtime) is a new volume', async () => {
    const dir = join(root, 'code');
    await mkdir(dir);
    await writeFile(join(dir, 'app.py'), 'x = 1\n');
    await utimes(join(dir, 'app.py'), 1_000, 1_000);
    const first = await portableCodeVolume(dir, extract);
    expect(first.name).toMatch(/^lsim-codep-[0-9a-f]{32}$/);
    expect((await portableCodeVolume(dir, extract)).name).toBe(first.name);
    await writeFile(join(dir, 'app.py'), 'x = 2\n');
    await utimes(join(dir, 'app.py'), 1_000, 1_000);
    // Same size, same mtime, other bytes: only a content hash would see it; mtime is restored on purpose
    // here to document the limit of a listing fingerprint (editors and cp update mtimes).
    expect((await portableCodeVolume(dir, extract)).name).toBe(first.name);
    await utimes(join(dir, 'app.py'), 2_000, 2_000);
    expect((await portableCodeVolume(dir, extract)).name).not.toBe(first.name);
    await writeFile(join(dir, 'new.py'), '');
    expect((await portableCodeVolume(dir, extract)).name).not.toBe(first.name);
  });

  it('a 64-hex folder outside the extraction cache is not trusted as a content key', async () => {
    const lookalike = join(root, 'elsewhere', SHA_A);
    await mkdir(lookalike, { recursive: true });
    expect(await treeKey(lookalike, extract)).toMatch(/^listing:[0-9a-f]{64}$/);
  });

  it('recognises its own volume names', () => {
    expect(isPortableVolumeName(`${PORTABLE_OPT_PREFIX}abc`)).toBe(true);
    expect(isPortableVolumeName(`${PORTABLE_CODE_PREFIX}abc`)).toBe(true);
    expect(isPortableVolumeName('lsim-opt-abc')).toBe(false);
    expect(isPortableVolumeName(undefined)).toBe(false);
  });
});
