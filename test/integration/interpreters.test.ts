import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { nearestInterpreterNote, runtimeInfo, type RuntimeId } from '../../src/runtimes/runtime-catalogue.js';
import { fixtureDir, invokeAdHoc, type TreeSpec } from '../helpers/invoke-helpers.js';
import { LsimHome } from '../helpers/lsim-home.js';

/**
 * Each runtime id runs the interpreter its catalogue entry names (docs/runtimes.md): the language
 * features of that release line work, the version it reports is that one, and the SDK lsim bundles is
 * importable with no layer. A function written for Node 22 or Python 3.13 fails on an older interpreter,
 * so these rows fail if an image runs the wrong one.
 */
let lsim: LsimHome;

const NODE: TreeSpec = {
  'index.mjs': `export const handler = async () => ({
  version: process.version,
  dirname: import.meta.dirname ?? null,
  fromAsync: typeof Array.fromAsync,
  builtin: typeof process.getBuiltinModule,
  modules: process.versions.modules,
  execPath: process.execPath,
});
`,
};

const PYTHON: TreeSpec = {
  'lambda_function.py': `import sys, boto3, botocore
def handler(event, context):
    return {"version": "%d.%d" % sys.version_info[:2], "executable": sys.executable,
            "boto3": boto3.__file__.startswith(("/var/runtime/", "/var/lang/lib/")), "botocore": botocore.__version__ != ""}
`,
};

const RUBY: TreeSpec = {
  'lambda_function.rb': `Point = Data.define(:x, :y)
def handler(event:, context:)
  { 'version' => RUBY_VERSION[0, 3], 'data' => Point.new(x: 1, y: 2).to_h }
end
`,
};

let dirs: Record<'node' | 'python' | 'ruby', string>;

beforeAll(() => {
  lsim = new LsimHome('lsim-it-interpreters-');
  dirs = { node: fixtureDir(lsim, 'node', NODE), python: fixtureDir(lsim, 'python', PYTHON), ruby: fixtureDir(lsim, 'ruby', RUBY) };
});

afterEach(() => {
  expect(lsim.leftoverContainers()).toEqual([]);
});

afterAll(() => lsim?.dispose());

const major = (runtime: RuntimeId): string => runtimeInfo(runtime).interpreter?.version.split('.')[0] ?? '';

describe('the interpreter of each runtime id', () => {
  it.each(['nodejs18.x', 'nodejs20.x', 'nodejs22.x'] as const)('%s runs its own Node.js release line', async (runtime) => {
    const { body, result } = await invokeAdHoc(lsim, { runtime, handler: 'index.handler', code: dirs.node });
    expect(result.functionError).toBeUndefined();
    const newer = Number(major(runtime)) >= 22;
    expect(body).toEqual({
      version: `v${runtimeInfo(runtime).interpreter?.version}`,
      // import.meta.dirname is Node 20.11+, process.getBuiltinModule 20.16+ and 22.3+, Array.fromAsync 22+.
      dirname: Number(major(runtime)) >= 20 ? '/var/task' : null,
      fromAsync: newer ? 'function' : 'undefined',
      builtin: Number(major(runtime)) >= 20 ? 'function' : 'undefined',
      modules: { '18': '108', '20': '115', '22': '127' }[major(runtime)],
      execPath: '/var/lang/bin/node',
    });
  });

  it.each([
    ['python3.9', '3.9'],
    ['python3.11', '3.11'],
    ['python3.12', '3.13'],
    ['python3.13', '3.13'],
  ] as const)('%s runs Python %s, with boto3 and no layer', async (runtime, version) => {
    const { body, result } = await invokeAdHoc(lsim, { runtime, handler: 'lambda_function.handler', code: dirs.python });
    expect(result.functionError).toBeUndefined();
    expect(body).toEqual({ version, executable: `/var/lang/bin/${runtime}`, boto3: true, botocore: true });
  });

  it('ruby3.3 runs Ruby 3.3 (Data.define, a 3.2 feature, works)', async () => {
    const { body, result } = await invokeAdHoc(lsim, { runtime: 'ruby3.3', handler: 'lambda_function.handler', code: dirs.ruby });
    expect(result.functionError).toBeUndefined();
    expect(body).toEqual({ version: '3.3', data: { x: 1, y: 2 } });
  });

  it('says which runtime ids run on the nearest interpreter, and no others', () => {
    expect(nearestInterpreterNote('python3.12')).toContain('python3 3.13');
    expect(nearestInterpreterNote('ruby3.2')).toContain('ruby 3.3');
    expect(nearestInterpreterNote('python3.13')).toBeUndefined();
    expect(nearestInterpreterNote('nodejs22.x')).toBeUndefined();
  });
});
