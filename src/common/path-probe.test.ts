import { mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isDirectory, isFile } from './path-probe.js';

describe('path probes', () => {
  const root = mkdtempSync(join(tmpdir(), 'lsim-path-probe-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  writeFileSync(join(root, 'file'), 'x');
  mkdirSync(join(root, 'dir'));
  symlinkSync(join(root, 'file'), join(root, 'link-to-file'));
  symlinkSync(join(root, 'gone'), join(root, 'dangling'));

  it.each([
    ['file', true, false],
    ['dir', false, true],
    ['link-to-file', true, false],
    ['dangling', false, false],
    ['missing', false, false],
    ['file/below-a-file', false, false],
  ])('%s: file %s, directory %s', (name, file, directory) => {
    expect(isFile(join(root, name))).toBe(file);
    expect(isDirectory(join(root, name))).toBe(directory);
  });
});
