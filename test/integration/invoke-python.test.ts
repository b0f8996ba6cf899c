import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fixtureDir, fixtureZip, invokeAdHoc, type TreeSpec } from '../helpers/invoke-helpers.js';
import { LsimHome } from '../helpers/lsim-home.js';

/**
 * python3.9 to python3.13 end to end: sys.path as Lambda's bootstrap builds it, site-packages only
 * for the runtime's own minor version (path bug 4), `.pth` files working only in that site dir, a
 * user PYTHONPATH hiding /opt (path bug 5), and the runtime's error payloads.
 */
let lsim: LsimHome;
let layerZip: string;
let code: string;

const MINORS = ['3.9', '3.10', '3.11', '3.12', '3.13'] as const;

const LAYER: TreeSpec = {
  ...Object.fromEntries(
    MINORS.map((minor) => [`python/lib/python${minor}/site-packages/lsim_minor.py`, `WHERE = 'python${minor} site-packages'\n`]),
  ),
  'python/lib/python3.12/site-packages/lsim_sp312.py': "WHERE = 'python3.12 site-packages'\n",
  'python/lib/python3.12/site-packages/lsim-extra.pth': '/opt/extra312\n',
  'extra312/lsim_pth.py': "WHERE = 'reached through a .pth in site-packages'\n",
  'python/lib/python3.13/site-packages/lsim_sp313.py': "WHERE = 'python3.13 site-packages'\n",
  'python/lsim_optpython.py': "WHERE = '/opt/python'\n",
  // Zipped at the layer's root instead of under python/: lands in /opt, on no search path.
  'lsim_rootmod.py': "WHERE = 'zip root'\n",
  // bootstrap.py also makes /opt/python a site dir (docs/path-bugs.md, bug 4), so its .pth works there too.
  'python/lsim-opt.pth': '/opt/extraopt\n',
  'extraopt/lsim_optpth.py': "WHERE = 'reached through a .pth in /opt/python'\n",
};

const CODE: TreeSpec = {
  'probe.py': `import importlib
import os
import sys


def found(name):
    try:
        return importlib.import_module(name).WHERE
    except ImportError as error:
        return f"missing: {error}"


def handler(event, context):
    return {
        "minor": found("lsim_minor"),
        "sp312": found("lsim_sp312"),
        "sp313": found("lsim_sp313"),
        "optPython": found("lsim_optpython"),
        "pth": found("lsim_pth"),
        "optPth": found("lsim_optpth"),
        "rootMod": found("lsim_rootmod"),
        "sysPathHead": sys.path[:4],
        "pythonpath": os.environ.get("PYTHONPATH"),
        "execEnv": os.environ.get("AWS_EXECUTION_ENV"),
        "requestId": context.aws_request_id,
        "event": event,
    }


def boom(event, context):
    raise ValueError("boom")
`,
  'top_import.py': 'import lsim_sp312\n\n\ndef handler(event, context):\n    return lsim_sp312.WHERE\n',
};

const missing = (name: string): string => `missing: No module named '${name}'`;

beforeAll(() => {
  lsim = new LsimHome('lsim-it-python-');
  layerZip = fixtureZip(lsim, 'python-layer', LAYER);
  code = fixtureDir(lsim, 'python-code', CODE);
});

afterEach(() => {
  expect(lsim.leftoverContainers()).toEqual([]);
});

afterAll(() => lsim?.dispose());

describe('python runtimes with a layer at /opt', () => {
  it('python3.12: its own site-packages (and a .pth there) and /opt/python (and its .pth) found; 3.13 site-packages not', async () => {
    const { result, body } = await invokeAdHoc(lsim, {
      runtime: 'python3.12',
      handler: 'probe.handler',
      code,
      layers: [layerZip],
      event: { n: 1 },
    });
    expect(result.functionError).toBeUndefined();
    expect(body).toEqual({
      minor: 'python3.12 site-packages',
      sp312: 'python3.12 site-packages',
      sp313: missing('lsim_sp313'),
      optPython: '/opt/python',
      pth: 'reached through a .pth in site-packages',
      optPth: 'reached through a .pth in /opt/python',
      rootMod: missing('lsim_rootmod'),
      sysPathHead: ['/var/task', '/opt/python/lib/python3.12/site-packages', '/opt/python', '/var/runtime'],
      pythonpath: '/var/runtime',
      execEnv: 'AWS_Lambda_python3.12',
      requestId: result.requestId,
      event: { n: 1 },
    });
  });

  it('python3.13: path bug 4, a layer built for python3.12 is not found', async () => {
    const { result, body } = await invokeAdHoc(lsim, { runtime: 'python3.13', handler: 'probe.handler', code, layers: [layerZip] });
    expect(result.functionError).toBeUndefined();
    expect(body).toMatchObject({
      minor: 'python3.13 site-packages',
      sp312: missing('lsim_sp312'),
      sp313: 'python3.13 site-packages',
      optPython: '/opt/python',
      pth: missing('lsim_pth'),
      sysPathHead: ['/var/task', '/opt/python/lib/python3.13/site-packages', '/opt/python', '/var/runtime'],
      execEnv: 'AWS_Lambda_python3.13',
    });
  });

  it('python3.11: a top-level import of a python3.12-only package fails init with Runtime.ImportModuleError', async () => {
    const { result, body } = await invokeAdHoc(lsim, { runtime: 'python3.11', handler: 'top_import.handler', code, layers: [layerZip] });
    expect(result.functionError).toBe('Unhandled');
    expect(body).toMatchObject({
      errorType: 'Runtime.ImportModuleError',
      errorMessage: "Unable to import module 'top_import': No module named 'lsim_sp312'",
    });
  });

  it('path bug 5: a user PYTHONPATH hides every /opt entry', async () => {
    const { result, body } = await invokeAdHoc(lsim, {
      runtime: 'python3.12',
      handler: 'probe.handler',
      code,
      layers: [layerZip],
      environment: { PYTHONPATH: '/var/task/lib' },
    });
    expect(result.functionError).toBeUndefined();
    expect(body).toMatchObject({
      minor: missing('lsim_minor'),
      sp312: missing('lsim_sp312'),
      optPython: missing('lsim_optpython'),
      pth: missing('lsim_pth'),
      optPth: missing('lsim_optpth'),
      pythonpath: '/var/task/lib',
    });
    expect((body as { sysPathHead: string[] }).sysPathHead.slice(0, 3)).toEqual(['/var/task', '/var/runtime', '/var/task/lib']);
  });

  for (const minor of ['3.9', '3.10'] as const) {
    it(`python${minor}: its own site-packages folder is on sys.path`, async () => {
      const { body } = await invokeAdHoc(lsim, { runtime: `python${minor}`, handler: 'probe.handler', code, layers: [layerZip] });
      expect(body).toMatchObject({
        minor: `python${minor} site-packages`,
        sp312: missing('lsim_sp312'),
        execEnv: `AWS_Lambda_python${minor}`,
      });
    });
  }

  it('a raised exception becomes the runtime error payload', async () => {
    const { result, body } = await invokeAdHoc(lsim, { runtime: 'python3.12', handler: 'probe.boom', code, layers: [layerZip] });
    expect(result.functionError).toBe('Unhandled');
    expect(body).toMatchObject({ errorMessage: 'boom', errorType: 'ValueError', requestId: result.requestId });
    expect((body as { stackTrace: string[] }).stackTrace.join('')).toContain('raise ValueError("boom")');
  });
});
