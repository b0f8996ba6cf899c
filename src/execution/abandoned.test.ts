import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ownerToken, selfOwner } from '../common/process-owner.js';
import { reclaimAbandonedFiles } from './abandoned.js';

let home: string;
beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'lsim-abandoned-'));
  mkdirSync(join(home, 'blobs', 'tmp'), { recursive: true });
  mkdirSync(join(home, 'extract'), { recursive: true });
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

describe('reclaimAbandonedFiles', () => {
  it("removes dead owners' uploads and half trees, keeps live owners', unowned names and finished trees", () => {
    const dead = ownerToken({ ...selfOwner(), start: `${selfOwner().start}9` });
    const live = ownerToken();
    const sha = 'ab'.repeat(32);
    writeFileSync(join(home, 'blobs', 'tmp', `${dead}_1.zip`), '');
    writeFileSync(join(home, 'blobs', 'tmp', `${live}_2.zip`), '');
    writeFileSync(join(home, 'blobs', 'tmp', 'legacy-uuid.zip'), '');
    mkdirSync(join(home, 'extract', `${sha}.tmp-${dead}_00`, 'python'), { recursive: true });
    mkdirSync(join(home, 'extract', `${sha}.tmp-${live}_01`));
    mkdirSync(join(home, 'extract', sha));
    expect(reclaimAbandonedFiles(home)).toBe(2);
    expect(readdirSync(join(home, 'blobs', 'tmp')).sort()).toEqual([`${live}_2.zip`, 'legacy-uuid.zip'].sort());
    expect(readdirSync(join(home, 'extract')).sort()).toEqual([sha, `${sha}.tmp-${live}_01`].sort());
  });
});
