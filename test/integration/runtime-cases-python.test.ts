import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import type { Invoked } from '../helpers/invoke-helpers.js';
import { helloCase } from '../helpers/hello-cases.js';
import { describeRuntimeCases, type Payload, type RuntimeCase } from '../helpers/runtime-cases.js';

/**
 * The python family's case table: handlers in test/fixtures/python/function (mounted at /var/task),
 * a layer tree in test/fixtures/python/layer (at /opt) with a package and a `.pth` file in
 * python3.12's site-packages only.
 */
const TREES = {
  function: fileURLToPath(new URL('../fixtures/python/function', import.meta.url)),
  layer: fileURLToPath(new URL('../fixtures/python/layer', import.meta.url)),
};
type Tree = keyof typeof TREES;

const missing = (name: string): string => `missing: No module named '${name}'`;
const TRACE_ID = expect.stringMatching(/^Root=1-[0-9a-f]{8}-[0-9a-f]{24};Parent=[0-9a-f]{16};Sampled=0$/);

/** lambda_function.handler's answer, but for the fields a row sets. */
const handlerBody =
  (fields: Record<string, unknown>) =>
  ({ result }: Invoked): Payload => ({
    layer: 'layer python3.12 site-packages',
    pth: 'reached through a .pth file',
    requestId: result.requestId,
    functionName: 'lsim-adhoc',
    // A string, as Lambda's LambdaContext reads it from AWS_LAMBDA_FUNCTION_MEMORY_SIZE.
    memoryLimitInMB: '128',
    remainingPositive: true,
    traceId: TRACE_ID,
    pythonpath: '/var/runtime',
    sysPathHead: ['/var/task', '/opt/python/lib/python3.12/site-packages', '/opt/python', '/var/runtime'],
    ...fields,
  });

/** An init error as the python runtime posts it to /init/error: no request yet, so an empty requestId. */
const initError = (errorType: string, errorMessage: string, stackTrace: string[] = []): Payload => ({
  errorType,
  errorMessage,
  requestId: '',
  stackTrace,
});

const ROWS: RuntimeCase<Tree>[] = [
  helloCase('python3.14', 'function'),
  {
    runtime: 'python3.12',
    handler: 'lambda_function.handler',
    code: 'function',
    layers: ['layer'],
    event: { n: 1 },
    expected: { response: handlerBody({}) },
    log: ({ result }) => [
      'print passes through',
      new RegExp(`\\[INFO\\]\\t\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z\\t${result.requestId}\\tevent \\{"n": 1\\}`),
    ],
  },
  {
    runtime: 'python3.13',
    handler: 'lambda_function.handler',
    code: 'function',
    layers: ['layer'],
    note: 'path bug 4: the layer only has python3.12/site-packages',
    expected: {
      response: handlerBody({
        layer: missing('lsim_fixture_layer'),
        pth: missing('pth_target_module'),
        sysPathHead: ['/var/task', '/opt/python/lib/python3.13/site-packages', '/opt/python', '/var/runtime'],
      }),
    },
  },
  {
    runtime: 'python3.12',
    handler: 'lambda_function.handler',
    code: 'function',
    layers: ['layer'],
    env: { PYTHONPATH: '/var/task/lib' },
    note: 'path bug 5: a user PYTHONPATH hides /opt',
    expected: {
      response: handlerBody({
        layer: missing('lsim_fixture_layer'),
        pth: missing('pth_target_module'),
        pythonpath: '/var/task/lib',
        sysPathHead: ['/var/task', '/var/runtime', '/var/task/lib', expect.any(String)],
      }),
    },
  },
  {
    runtime: 'python3.12',
    handler: 'lambda_function.boom',
    code: 'function',
    expected: {
      error: ({ result }) => ({
        errorMessage: 'boom',
        errorType: 'ValueError',
        requestId: result.requestId,
        stackTrace: ['  File "/var/task/lambda_function.py", line 36, in boom\n    raise ValueError("boom")\n'],
      }),
    },
    log: ['[ERROR] ValueError: boom\rTraceback (most recent call last):\r'],
  },
  {
    runtime: 'python3.12',
    handler: 'lambda_function.unserialisable',
    code: 'function',
    expected: {
      error: ({ result }) => ({
        errorMessage: 'Unable to marshal response: Object of type set is not JSON serializable',
        errorType: 'Runtime.MarshalError',
        requestId: result.requestId,
        stackTrace: [],
      }),
    },
  },
  { runtime: 'python3.12', handler: 'pkg/mod.handler', code: 'function', expected: { response: { nested: true } } },
  { runtime: 'python3.12', handler: 'pkg.mod.handler', code: 'function', expected: { response: { nested: true } } },
  {
    runtime: 'python3.12',
    handler: 'missing_module.handler',
    code: 'function',
    expected: {
      error: initError('Runtime.ImportModuleError', "Unable to import module 'missing_module': No module named 'missing_module'"),
    },
  },
  {
    runtime: 'python3.12',
    handler: 'needs_missing.handler',
    code: 'function',
    expected: {
      error: initError('Runtime.ImportModuleError', "Unable to import module 'needs_missing': No module named 'lsim_not_installed'"),
    },
  },
  {
    runtime: 'python3.12',
    handler: 'lambda_function.nope',
    code: 'function',
    expected: { error: initError('Runtime.HandlerNotFound', "Handler 'nope' missing on module 'lambda_function'") },
  },
  {
    runtime: 'python3.12',
    handler: 'syntax_error.handler',
    code: 'function',
    expected: {
      error: initError('Runtime.UserCodeSyntaxError', "Syntax error in module 'syntax_error': expected ':' (syntax_error.py, line 1)", [
        '  File "/var/task/syntax_error.py" Line 1\n    def handler(event, context)\n',
      ]),
    },
  },
  {
    runtime: 'python3.12',
    handler: 'lambda_function',
    code: 'function',
    expected: {
      error: initError('Runtime.MalformedHandlerName', "Bad handler 'lambda_function': not enough values to unpack (expected 2, got 1)"),
    },
  },
];

describeRuntimeCases('python', ROWS, () => TREES);
