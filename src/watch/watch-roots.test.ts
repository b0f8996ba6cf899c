import { describe, expect, it } from 'vitest';
import { classifyChanges, describeChanges, displayPath, isWithin, watchedPaths, type WatchRoot } from './watch-roots.js';

const ROOTS: WatchRoot[] = [
  { path: '/app/template.yaml', role: 'template', label: 'template.yaml' },
  { path: '/app/src', role: 'code', label: 'HelloFunction' },
  { path: '/app/src/vendor', role: 'layer', label: 'VendorLayer' },
  { path: '/app/layers/greeting', role: 'layer', label: 'GreetingLayer' },
  { path: '/app/layers/format.zip', role: 'layer', label: 'FormatLayer' },
];

describe('classifyChanges', () => {
  it('maps each changed path to the roots it lies in, a nested root counting for both', () => {
    const set = classifyChanges(ROOTS, ['/app/src/vendor/python/v.py', '/app/layers/greeting/python/greeting.py']);
    expect(set.template).toBe(false);
    expect(set.roots.map(({ root, paths }) => [root.label, paths])).toEqual([
      ['HelloFunction', ['/app/src/vendor/python/v.py']],
      ['VendorLayer', ['/app/src/vendor/python/v.py']],
      ['GreetingLayer', ['/app/layers/greeting/python/greeting.py']],
    ]);
    expect(describeChanges(set)).toBe('code HelloFunction (1 path), layer VendorLayer (1 path), layer GreetingLayer (1 path)');
  });

  it('tells a template change apart: the roots themselves may differ after it', () => {
    const set = classifyChanges(ROOTS, ['/app/template.yaml', '/app/layers/format.zip']);
    expect(set.template).toBe(true);
    expect(set.roots.map(({ root }) => root.label)).toEqual(['template.yaml', 'FormatLayer']);
  });

  it('ignores paths outside every root, siblings sharing a prefix included', () => {
    const set = classifyChanges(ROOTS, ['/app/layers/greeting-old/x.py', '/app/layers', '/app/template.yaml.swp']);
    expect(set.roots).toEqual([]);
    expect(set.template).toBe(false);
  });

  it('counts the removal or replacement of a root itself', () => {
    expect(classifyChanges(ROOTS, ['/app/layers/greeting']).roots.map(({ root }) => root.label)).toEqual(['GreetingLayer']);
  });
});

describe('isWithin', () => {
  it('is true for the root and its descendants only', () => {
    expect(isWithin('/a/b', '/a/b')).toBe(true);
    expect(isWithin('/a/b', '/a/b/c/d')).toBe(true);
    expect(isWithin('/a/b', '/a/bc')).toBe(false);
    expect(isWithin('/a/b', '/a')).toBe(false);
    expect(isWithin('/a/b', '/a/b/../c')).toBe(false);
  });
});

describe('watchedPaths', () => {
  it('watches a path shared by several roots once', () => {
    const shared: WatchRoot[] = [
      { path: '/app/src', role: 'code', label: 'A' },
      { path: '/app/src', role: 'code', label: 'B' },
    ];
    expect(watchedPaths(shared)).toEqual(['/app/src']);
  });
});

describe('displayPath', () => {
  it('is relative inside the working folder and absolute outside it', () => {
    expect(displayPath('/app', '/app/layers/greeting')).toBe('layers/greeting');
    expect(displayPath('/app', '/app')).toBe('.');
    expect(displayPath('/work/repo', '/tmp/home/template.yaml')).toBe('/tmp/home/template.yaml');
  });
});
