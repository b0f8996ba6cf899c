import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { fixtureDir, type TreeSpec } from '../helpers/invoke-helpers.js';
import { helloCase } from '../helpers/hello-cases.js';
import { describeRuntimeCases, type Payload, type RuntimeCase } from '../helpers/runtime-cases.js';

/**
 * The nodejs family's case table: handlers in test/fixtures/nodejs/function (mounted at /var/task).
 * Two trees are written here instead: the layer (git ignores every node_modules/ folder) and the
 * deliberately broken syntax.js (ESLint cannot parse it).
 */

/** A dual package: `import` gets the ESM build, `require` the CommonJS one; and a node20-only package. */
const LAYER: TreeSpec = {
  'nodejs/node_modules/lsim-fixture-layer/package.json': `${JSON.stringify({
    name: 'lsim-fixture-layer',
    version: '1.0.0',
    exports: { import: './esm.mjs', require: './cjs.cjs' },
  })}\n`,
  'nodejs/node_modules/lsim-fixture-layer/esm.mjs': "export const source = 'layer-esm';\n",
  'nodejs/node_modules/lsim-fixture-layer/cjs.cjs': "exports.source = 'layer-cjs';\n",
  'nodejs/node20/node_modules/lsim-fixture-versioned/index.js': "exports.found = 'node20';\n",
};

const SYNTAX: TreeSpec = { 'syntax.js': 'exports.handler = async () => {\n  return { unbalanced: true ;\n};\n' };

const FUNCTION = fileURLToPath(new URL('../fixtures/nodejs/function', import.meta.url));
type Tree = 'function' | 'layer' | 'syntax';

const TRACE_ID = expect.stringMatching(/^Root=1-[0-9a-f]{8}-[0-9a-f]{24};Parent=[0-9a-f]{16};Sampled=0$/);
/** Lambda's log line prefix: `<ISO time>\t<request id>\t<LEVEL>\t`. */
const line = (requestId: string, level: string, text: string): RegExp =>
  new RegExp(`\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z\\t${requestId}\\t${level}\\t${text}`);
const NODE_PATH_20 = '/opt/nodejs/node20/node_modules:/opt/nodejs/node_modules:/var/runtime/node_modules:/var/runtime:/var/task';
/** An init error as the nodejs runtime posts it: the error's type, message and stack lines. */
const initError = (errorType: string, errorMessage: string): Payload => ({ errorType, errorMessage, trace: expect.any(Array) });

const ROWS: RuntimeCase<Tree>[] = [
  helloCase('nodejs24.x', 'function'),
  {
    runtime: 'nodejs24.x',
    handler: 'app.handler',
    code: 'function',
    layers: ['layer'],
    note: 'Node.js 24 refuses callback handlers at init',
    expected: {
      error: initError(
        'Runtime.CallbackHandlerDeprecated',
        'ERROR: AWS Lambda has removed support for callback-based function handlers starting with Node.js 24. You need ' +
          'to modify this function to use a supported handler signature to use Node.js 24 or later. For more information ' +
          'see https://docs.aws.amazon.com/lambda/latest/dg/nodejs-handler.html.',
      ),
    },
  },
  {
    runtime: 'nodejs20.x',
    handler: 'index.handler',
    code: 'function',
    layers: ['layer'],
    event: { n: 1 },
    note: 'ESM import found through NODE_PATH',
    expected: {
      response: ({ result }) => ({
        source: 'layer-esm',
        requestId: result.requestId,
        functionName: 'lsim-adhoc',
        memoryLimitInMB: '128',
        remainingPositive: true,
        traceId: TRACE_ID,
        nodePath: NODE_PATH_20,
      }),
    },
    log: ({ result }) => [line(result.requestId, 'INFO', 'event \\{"n":1\\}\\rsecond line\\n')],
  },
  ...(['nodejs18.x', 'nodejs20.x', 'nodejs22.x'] as const).map((runtime): RuntimeCase<Tree> => ({
    runtime,
    handler: 'app.handler',
    code: 'function',
    layers: ['layer'],
    note: 'CommonJS require and a callback',
    expected: { response: { source: 'layer-cjs', waited: true } },
    log: ({ result }) => [line(result.requestId, 'WARN', 'warned\\n')],
  })),
  {
    runtime: 'nodejs20.x',
    handler: 'index.boom',
    code: 'function',
    layers: ['layer'],
    expected: {
      error: {
        errorType: 'Error',
        errorMessage: 'boom',
        trace: expect.arrayContaining(['Error: boom', '    at boom (file:///var/task/index.mjs:18:9)']),
      },
    },
    log: ({ result }) => [line(result.requestId, 'ERROR', 'Invoke Error \\t\\{"errorType":"Error","errorMessage":"boom"')],
  },
  {
    runtime: 'nodejs20.x',
    handler: 'missing.handler',
    code: 'function',
    expected: {
      error: initError('Runtime.ImportModuleError', "Error: Cannot find module 'missing'\nRequire stack:\n- /var/runtime/index.mjs"),
    },
    log: [line('undefined', 'ERROR', 'Uncaught Exception \\t\\{"errorType":"Runtime.ImportModuleError"')],
  },
  {
    runtime: 'nodejs20.x',
    handler: 'index.nope',
    code: 'function',
    layers: ['layer'],
    expected: { error: initError('Runtime.HandlerNotFound', 'index.nope is undefined or not exported') },
  },
  {
    runtime: 'nodejs20.x',
    handler: 'syntax.handler',
    code: 'syntax',
    layers: ['layer'],
    expected: { error: initError('Runtime.UserCodeSyntaxError', "SyntaxError: Unexpected token ';'") },
  },
  {
    runtime: 'nodejs20.x',
    handler: 'index',
    code: 'function',
    layers: ['layer'],
    expected: { error: initError('Runtime.MalformedHandlerName', 'Bad handler') },
  },
  {
    runtime: 'nodejs20.x',
    handler: 'nested/deep.handlers.inner.run',
    code: 'function',
    event: { deep: 1 },
    expected: { response: { nested: true, event: { deep: 1 } } },
  },
  {
    runtime: 'nodejs20.x',
    handler: 'versioned.handler',
    code: 'function',
    layers: ['layer'],
    note: 'nodejs/node20/node_modules is searched on nodejs20.x',
    expected: { response: { found: 'node20' } },
  },
  {
    runtime: 'nodejs18.x',
    handler: 'versioned.handler',
    code: 'function',
    layers: ['layer'],
    note: 'but not on nodejs18.x',
    expected: { response: { found: false, code: 'MODULE_NOT_FOUND' } },
  },
  {
    runtime: 'nodejs20.x',
    handler: 'index.handler',
    code: 'function',
    layers: ['layer'],
    env: { NODE_PATH: '/var/task/lib' },
    note: 'path bug 5: a user NODE_PATH hides /opt from import',
    expected: { error: initError('Error', "Cannot find package 'lsim-fixture-layer' imported from /var/task/index.mjs") },
  },
  {
    runtime: 'nodejs20.x',
    handler: 'app.handler',
    code: 'function',
    layers: ['layer'],
    env: { NODE_PATH: '/var/task/lib' },
    note: 'path bug 5: and from require',
    expected: {
      error: initError(
        'Runtime.ImportModuleError',
        "Error: Cannot find module 'lsim-fixture-layer'\nRequire stack:\n- /var/task/app.js\n- /var/runtime/index.mjs",
      ),
    },
  },
];

describeRuntimeCases('nodejs', ROWS, (lsim) => ({
  function: FUNCTION,
  layer: fixtureDir(lsim, 'nodejs-layer', LAYER),
  syntax: fixtureDir(lsim, 'nodejs-syntax', SYNTAX),
}));
