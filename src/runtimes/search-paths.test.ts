import { describe, expect, it } from 'vitest';
import { effectiveSearchPaths, type SearchPath, type SearchPathVariable } from './search-paths.js';
import type { RuntimeId } from './runtime-catalogue.js';

const find = (paths: SearchPath[], variable: SearchPathVariable): SearchPath => {
  const path = paths.find((p) => p.variable === variable);
  if (path === undefined) throw new Error(`no ${variable}`);
  return path;
};
const searched = (path: SearchPath): string[] => path.entries.filter((e) => e.removedByUser !== true).map((e) => e.path);
const removed = (path: SearchPath): string[] => path.entries.filter((e) => e.removedByUser === true).map((e) => e.path);
const variables = (runtime: RuntimeId): SearchPathVariable[] => effectiveSearchPaths(runtime, {}).map((p) => p.variable);

describe('effectiveSearchPaths', () => {
  it('lists the variables each family searches', () => {
    expect(variables('nodejs18.x')).toEqual(['NODE_PATH', 'PATH', 'LD_LIBRARY_PATH']);
    expect(variables('python3.12')).toEqual(['sys.path', 'PATH', 'LD_LIBRARY_PATH']);
    expect(variables('ruby3.2')).toEqual(['GEM_PATH', 'RUBYLIB', 'PATH', 'LD_LIBRARY_PATH']);
    expect(variables('java21')).toEqual(['class path', 'PATH', 'LD_LIBRARY_PATH']);
    expect(variables('provided.al2023')).toEqual(['PATH', 'LD_LIBRARY_PATH']);
  });

  describe('NODE_PATH', () => {
    it.each<[RuntimeId, number]>([
      ['nodejs18.x', 18],
      ['nodejs20.x', 20],
      ['nodejs22.x', 22],
    ])('is the %s bootstrap default when unset', (runtime, major) => {
      const path = find(effectiveSearchPaths(runtime, {}), 'NODE_PATH');
      expect(path.entries).toEqual(
        [`/opt/nodejs/node${major}/node_modules`, '/opt/nodejs/node_modules', '/var/runtime/node_modules', '/var/runtime', '/var/task'].map(
          (p) => ({ path: p, source: 'default' }),
        ),
      );
    });

    it('keeps the default when the user value is empty, as the bootstrap does', () => {
      const path = find(effectiveSearchPaths('nodejs20.x', { NODE_PATH: '' }), 'NODE_PATH');
      expect(path.entries.every((e) => e.source === 'default' && e.removedByUser === undefined)).toBe(true);
      expect(path.entries).toHaveLength(5);
    });

    it('is replaced by a user value, marking what it removed (path bug 5)', () => {
      const path = find(effectiveSearchPaths('nodejs18.x', { NODE_PATH: '/var/task/lib:/opt/nodejs/node_modules' }), 'NODE_PATH');
      expect(path.entries).toEqual([
        { path: '/var/task/lib', source: 'user' },
        { path: '/opt/nodejs/node_modules', source: 'user' },
        { path: '/opt/nodejs/node18/node_modules', source: 'default', removedByUser: true },
        { path: '/var/runtime/node_modules', source: 'default', removedByUser: true },
        { path: '/var/runtime', source: 'default', removedByUser: true },
        { path: '/var/task', source: 'default', removedByUser: true },
      ]);
    });

    it('ignores empty items of a user list', () => {
      const path = find(effectiveSearchPaths('nodejs18.x', { NODE_PATH: ':/a::/b:' }), 'NODE_PATH');
      expect(searched(path)).toEqual(['/a', '/b']);
    });
  });

  describe('python sys.path', () => {
    it('puts the layer entries after the task root when PYTHONPATH is unset', () => {
      const path = find(effectiveSearchPaths('python3.12', {}), 'sys.path');
      expect(path.entries).toEqual(
        ['/var/task', '/opt/python/lib/python3.12/site-packages', '/opt/python', '/var/runtime'].map((p) => ({
          path: p,
          source: 'default',
        })),
      );
    });

    it('follows the runtime minor version (path bug 4)', () => {
      expect(searched(find(effectiveSearchPaths('python3.9', {}), 'sys.path'))).toContain('/opt/python/lib/python3.9/site-packages');
      expect(searched(find(effectiveSearchPaths('python3.13', {}), 'sys.path'))).toContain('/opt/python/lib/python3.13/site-packages');
    });

    it('drops both layer entries once PYTHONPATH is set, and puts it after /var/runtime (path bug 5)', () => {
      const path = find(effectiveSearchPaths('python3.11', { PYTHONPATH: '/var/task/src:/opt/python' }), 'sys.path');
      expect(path.entries).toEqual([
        { path: '/var/task', source: 'default' },
        { path: '/var/runtime', source: 'default' },
        { path: '/var/task/src', source: 'user' },
        { path: '/opt/python', source: 'user' },
        { path: '/opt/python/lib/python3.11/site-packages', source: 'default', removedByUser: true },
      ]);
    });

    it('counts an empty PYTHONPATH as set, as bootstrap.py does', () => {
      const path = find(effectiveSearchPaths('python3.10', { PYTHONPATH: '' }), 'sys.path');
      expect(searched(path)).toEqual(['/var/task', '/var/runtime']);
      expect(removed(path)).toEqual(['/opt/python/lib/python3.10/site-packages', '/opt/python']);
    });
  });

  describe('ruby', () => {
    it('uses the version gem folder and RUBYLIB defaults', () => {
      const paths = effectiveSearchPaths('ruby3.3', {});
      expect(searched(find(paths, 'GEM_PATH'))).toEqual([
        '/var/task/vendor/bundle/ruby/3.3.0',
        '/opt/ruby/gems/3.3.0',
        '/var/runtime',
        '/var/runtime/ruby/3.3.0',
      ]);
      expect(searched(find(paths, 'RUBYLIB'))).toEqual(['/var/task', '/var/runtime/lib', '/opt/ruby/lib']);
    });

    it('marks what a user GEM_PATH or RUBYLIB removed (path bug 6)', () => {
      const paths = effectiveSearchPaths('ruby3.2', { GEM_PATH: '/opt/ruby/gems/3.2.0', RUBYLIB: '/var/task/lib' });
      expect(find(paths, 'GEM_PATH').entries).toEqual([
        { path: '/opt/ruby/gems/3.2.0', source: 'user' },
        { path: '/var/task/vendor/bundle/ruby/3.2.0', source: 'default', removedByUser: true },
        { path: '/var/runtime', source: 'default', removedByUser: true },
        { path: '/var/runtime/ruby/3.2.0', source: 'default', removedByUser: true },
      ]);
      expect(removed(find(paths, 'RUBYLIB'))).toEqual(['/var/task', '/var/runtime/lib', '/opt/ruby/lib']);
    });

    it('treats an empty user value as a replacement, since the platform passes it on as is', () => {
      const path = find(effectiveSearchPaths('ruby3.2', { RUBYLIB: '' }), 'RUBYLIB');
      expect(searched(path)).toEqual([]);
      expect(removed(path)).toHaveLength(3);
    });

    it('ignores the RUBY_LIB misspelling', () => {
      const path = find(effectiveSearchPaths('ruby3.3', { RUBY_LIB: '/x' }), 'RUBYLIB');
      expect(searched(path)).toEqual(['/var/task', '/var/runtime/lib', '/opt/ruby/lib']);
    });
  });

  it('gives java the class loader rule, which no variable changes', () => {
    const path = find(effectiveSearchPaths('java17', { CLASSPATH: '/opt/java/classes' }), 'class path');
    expect(searched(path)).toEqual(['/var/task', '/var/task/lib/*.jar', '/opt/java/lib/*.jar']);
    expect(path.entries.every((e) => e.source === 'default')).toBe(true);
  });

  describe('PATH and LD_LIBRARY_PATH', () => {
    it('differ for provided runtimes', () => {
      const language = effectiveSearchPaths('python3.12', {});
      const custom = effectiveSearchPaths('provided.al2', {});
      expect(searched(find(language, 'PATH'))).toEqual(['/var/lang/bin', '/usr/local/bin', '/usr/bin/', '/bin', '/opt/bin']);
      expect(searched(find(custom, 'PATH'))).toEqual(['/usr/local/bin', '/usr/bin/', '/bin', '/opt/bin']);
      expect(searched(find(language, 'LD_LIBRARY_PATH'))[0]).toBe('/var/lang/lib');
      expect(searched(find(custom, 'LD_LIBRARY_PATH'))).toEqual([
        '/lib64',
        '/usr/lib64',
        '/var/runtime',
        '/var/runtime/lib',
        '/var/task',
        '/var/task/lib',
        '/opt/lib',
      ]);
    });

    it('mark /opt/bin and /opt/lib removed by a user value', () => {
      const paths = effectiveSearchPaths('java11', { PATH: '/usr/bin:/bin', LD_LIBRARY_PATH: '/var/task/lib' });
      expect(searched(find(paths, 'PATH'))).toEqual(['/usr/bin', '/bin']);
      expect(removed(find(paths, 'PATH'))).toContain('/opt/bin');
      expect(removed(find(paths, 'LD_LIBRARY_PATH'))).toContain('/opt/lib');
      expect(removed(find(paths, 'LD_LIBRARY_PATH'))).not.toContain('/var/task/lib');
    });
  });
});
