import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fixtureDir, fixtureZip, invokeAdHoc, type TreeSpec } from '../helpers/invoke-helpers.js';
import { LsimHome } from '../helpers/lsim-home.js';

/**
 * nodejs18.x / 20.x / 22.x end to end on the real engine: CommonJS and ES modules, and the Node
 * path rules of the reference (NODE_PATH default, `nodejs/nodeNN/node_modules` for the matching
 * major only, `node_modules` at the zip root not found, ESM imports through NODE_PATH, a user
 * NODE_PATH hiding /opt). One container per case.
 */
let lsim: LsimHome;
let layerZip: string;

/** One layer, as a zip: the packaging path bugs are about zips. */
const LAYER: TreeSpec = {
  'nodejs/node_modules/lsim-greet/package.json': JSON.stringify({
    name: 'lsim-greet',
    version: '1.0.0',
    exports: { import: './index.mjs', require: './index.cjs' },
  }),
  'nodejs/node_modules/lsim-greet/index.cjs': "exports.source = 'layer-cjs';\n",
  'nodejs/node_modules/lsim-greet/index.mjs': "export const source = 'layer-esm';\n",
  // Only nodejs20.x searches this folder (path bug 3).
  'nodejs/node20/node_modules/lsim-versioned/index.js': "module.exports = 'node20 folder';\n",
  // The zip root becomes /opt/node_modules: on no search path (path bug 2).
  'node_modules/lsim-rootpkg/index.js': "module.exports = 'zip root';\n",
};

const CJS_HANDLER = `const { source } = require('lsim-greet');
const attempt = (name) => { try { return require(name); } catch (err) { return err.code; } };
exports.handler = (event, context, callback) => {
  setTimeout(() => callback(null, {
    source,
    versioned: attempt('lsim-versioned'),
    rootNodeModules: attempt('lsim-rootpkg'),
    nodePath: process.env.NODE_PATH,
    event,
    requestId: context.awsRequestId,
  }), 5);
};
`;

const ESM_HANDLER = `import { source } from 'lsim-greet';
const attempt = async (name) => { try { return (await import(name)).default; } catch (err) { return err.code; } };
export const handler = async (event, context) => ({
  source,
  versioned: await attempt('lsim-versioned'),
  rootNodeModules: await attempt('lsim-rootpkg'),
  execEnv: process.env.AWS_EXECUTION_ENV,
  functionName: context.functionName,
});
`;

beforeAll(() => {
  lsim = new LsimHome('lsim-it-node-');
  layerZip = fixtureZip(lsim, 'node-layer', LAYER);
});

afterEach(() => {
  expect(lsim.leftoverContainers()).toEqual([]);
});

afterAll(() => lsim?.dispose());

describe('nodejs runtimes with a layer at /opt', () => {
  it('nodejs20.x CommonJS: nodejs/node_modules and nodejs/node20/node_modules found, zip-root node_modules not', async () => {
    const code = fixtureDir(lsim, 'node-cjs', { 'app.js': CJS_HANDLER });
    const { result, body } = await invokeAdHoc(lsim, {
      runtime: 'nodejs20.x',
      handler: 'app.handler',
      code,
      layers: [layerZip],
      event: { hello: 'world' },
    });
    expect(result.functionError).toBeUndefined();
    expect(body).toEqual({
      source: 'layer-cjs',
      versioned: 'node20 folder',
      rootNodeModules: 'MODULE_NOT_FOUND',
      nodePath: '/opt/nodejs/node20/node_modules:/opt/nodejs/node_modules:/var/runtime/node_modules:/var/runtime:/var/task',
      event: { hello: 'world' },
      requestId: result.requestId,
    });
  });

  it('nodejs18.x ES module (.mjs): imports through NODE_PATH; nodejs/node20 is not searched on node18', async () => {
    const code = fixtureDir(lsim, 'node-esm18', { 'index.mjs': ESM_HANDLER });
    const { result, body } = await invokeAdHoc(lsim, { runtime: 'nodejs18.x', handler: 'index.handler', code, layers: [layerZip] });
    expect(result.functionError).toBeUndefined();
    expect(body).toEqual({
      source: 'layer-esm',
      versioned: 'ERR_MODULE_NOT_FOUND',
      rootNodeModules: 'ERR_MODULE_NOT_FOUND',
      execEnv: 'AWS_Lambda_nodejs18.x',
      functionName: 'lsim-adhoc',
    });
  });

  it('nodejs22.x ES module ("type": "module" .js, code as a zip): layer import found, node20 folder not', async () => {
    const code = fixtureZip(lsim, 'node-esm22', {
      'package.json': JSON.stringify({ type: 'module' }),
      'index.js': ESM_HANDLER,
    });
    const { result, body } = await invokeAdHoc(lsim, { runtime: 'nodejs22.x', handler: 'index.handler', code, layers: [layerZip] });
    expect(result.functionError).toBeUndefined();
    expect(body).toEqual({
      source: 'layer-esm',
      versioned: 'ERR_MODULE_NOT_FOUND',
      rootNodeModules: 'ERR_MODULE_NOT_FOUND',
      execEnv: 'AWS_Lambda_nodejs22.x',
      functionName: 'lsim-adhoc',
    });
  });

  it('path bug 2: a top-level require of a package left at the zip root fails init with Runtime.ImportModuleError', async () => {
    const code = fixtureDir(lsim, 'node-rootpkg', {
      'app.js': "const root = require('lsim-rootpkg');\nexports.handler = async () => root;\n",
    });
    const { result, body } = await invokeAdHoc(lsim, { runtime: 'nodejs20.x', handler: 'app.handler', code, layers: [layerZip] });
    expect(result.functionError).toBe('Unhandled');
    expect(body).toMatchObject({
      errorType: 'Runtime.ImportModuleError',
      errorMessage: "Error: Cannot find module 'lsim-rootpkg'\nRequire stack:\n- /var/task/app.js\n- /var/runtime/index.mjs",
    });
  });

  it('a thrown error becomes the Node runtime error payload (errorType, errorMessage, trace)', async () => {
    const code = fixtureDir(lsim, 'node-boom', { 'index.mjs': "export const boom = async () => { throw new TypeError('boom'); };\n" });
    const { result, body, log } = await invokeAdHoc(lsim, { runtime: 'nodejs22.x', handler: 'index.boom', code });
    expect(result.functionError).toBe('Unhandled');
    expect(Object.keys(body as object)).toEqual(['errorType', 'errorMessage', 'trace']);
    expect(body).toMatchObject({ errorType: 'TypeError', errorMessage: 'boom' });
    expect((body as { trace: string[] }).trace[0]).toBe('TypeError: boom');
    expect(log).toMatch(new RegExp(`\\t${result.requestId}\\tERROR\\tInvoke Error \\t`));
  });

  it('path bug 5: a user NODE_PATH hides /opt: the ES import fails at init', async () => {
    const code = fixtureDir(lsim, 'node-userpath', { 'index.mjs': ESM_HANDLER });
    const { result, body } = await invokeAdHoc(lsim, {
      runtime: 'nodejs20.x',
      handler: 'index.handler',
      code,
      layers: [layerZip],
      environment: { NODE_PATH: '/var/task/lib' },
    });
    expect(result.functionError).toBe('Unhandled');
    expect(body).toMatchObject({
      errorType: 'Error',
      errorMessage: "Cannot find package 'lsim-greet' imported from /var/task/index.mjs",
    });
  });
});
