import { describe, expect, it } from 'vitest';
import { comparePaths, mergeLayerTrees, type TreeEntry } from './tree-merge.js';

const dir = (path: string): TreeEntry => ({ path, kind: 'directory' });
const file = (path: string): TreeEntry => ({ path, kind: 'file' });
const link = (path: string): TreeEntry => ({ path, kind: 'symlink' });

/** `path<-layer` for compact assertions. */
const summary = (layers: TreeEntry[][]): string[] =>
  mergeLayerTrees(layers).map(({ path, entry, layer }) => `${path}${entry.kind === 'directory' ? '/' : ''}<-${layer}`);

describe('mergeLayerTrees', () => {
  it('merges folders and lets the later layer win on the same file', () => {
    const first = [dir('python'), file('python/shared.py'), file('python/only_one.py'), dir('python/pkg'), file('python/pkg/a.py')];
    const second = [dir('python'), file('python/shared.py'), file('python/only_two.py'), dir('python/pkg'), file('python/pkg/b.py')];
    expect(summary([first, second])).toEqual([
      'python/<-1',
      'python/only_one.py<-0',
      'python/only_two.py<-1',
      'python/pkg/<-1',
      'python/pkg/a.py<-0',
      'python/pkg/b.py<-1',
      'python/shared.py<-1',
    ]);
  });

  it('applies many layers in order: the last one listing a path wins', () => {
    expect(summary([[file('x')], [file('x')], [file('y')], [file('x')], [file('y')]])).toEqual(['x<-3', 'y<-4']);
  });

  it('an upper file hides a lower folder and everything below it (overlayfs)', () => {
    const lower = [dir('lib'), file('lib/libfoo.so'), dir('lib/sub'), file('lib/sub/deep'), file('keep')];
    const upper = [file('lib')];
    expect(summary([lower, upper])).toEqual(['keep<-0', 'lib<-1']);
  });

  it('an upper folder hides a lower file of the same path, and its own contents stay', () => {
    const lower = [file('bin'), file('other')];
    const upper = [dir('bin'), file('bin/tool')];
    expect(summary([lower, upper])).toEqual(['bin/<-1', 'bin/tool<-1', 'other<-0']);
  });

  it('an upper symlink is not a folder: it hides the lower folder even when it points at one', () => {
    const lower = [dir('python'), file('python/mod.py')];
    const upper = [dir('real'), file('real/x.py'), link('python')];
    expect(summary([lower, upper])).toEqual(['python<-1', 'real/<-1', 'real/x.py<-1']);
  });

  it('a lower symlink under a path the upper layer makes a folder is replaced by the folder', () => {
    expect(summary([[link('lib')], [dir('lib'), file('lib/a')]])).toEqual(['lib/<-1', 'lib/a<-1']);
  });

  it('hiding works through several layers: a middle file hides the bottom folder, a top folder starts afresh', () => {
    const bottom = [dir('a'), file('a/from-bottom')];
    const middle = [file('a')];
    const top = [dir('a'), file('a/from-top')];
    expect(summary([bottom, middle, top])).toEqual(['a/<-2', 'a/from-top<-2']);
  });

  it('a middle non-folder ends the merge only for its own path', () => {
    const bottom = [dir('a'), dir('a/b'), file('a/b/x'), file('a/c')];
    const middle = [dir('a'), link('a/b')];
    const top = [dir('a'), dir('a/b'), file('a/b/y')];
    expect(summary([bottom, middle, top])).toEqual(['a/<-2', 'a/b/<-2', 'a/b/y<-2', 'a/c<-0']);
  });

  it("needs no folder entries, normalises ./ and slashes, ignores the root, and keeps a duplicate's last listing", () => {
    const layer = [
      file('./a/b/c'),
      dir('./'),
      dir('a/'),
      { path: 'a//d', kind: 'file' as const },
      { path: 'a/d', kind: 'symlink' as const },
    ];
    expect(summary([layer])).toEqual(['a/<-0', 'a/b/c<-0', 'a/d<-0']);
    expect(mergeLayerTrees([layer]).find((merged) => merged.path === 'a/d')?.entry.kind).toBe('symlink');
  });

  it('orders every folder before its contents, siblings by name', () => {
    const merged = mergeLayerTrees([[file('a-b'), file('a/z'), dir('a'), file('a.txt'), dir('a/b'), file('a/b/c')]]);
    expect(merged.map(({ path }) => path)).toEqual(['a', 'a/b', 'a/b/c', 'a/z', 'a-b', 'a.txt']);
  });

  it('no layers, or empty ones, merge to nothing', () => {
    expect(mergeLayerTrees([])).toEqual([]);
    expect(mergeLayerTrees([[], []])).toEqual([]);
  });
});

describe('comparePaths', () => {
  it('compares component by component', () => {
    expect(comparePaths('a', 'a/b')).toBeLessThan(0);
    expect(comparePaths('a/b', 'a-b')).toBeLessThan(0);
    expect(comparePaths('b', 'a/z')).toBeGreaterThan(0);
    expect(comparePaths('x/y', 'x/y')).toBe(0);
  });
});
