import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { helloCase } from '../helpers/hello-cases.js';
import { describeRuntimeCases, type RuntimeCase } from '../helpers/runtime-cases.js';

/**
 * The ruby family's case table: handlers in test/fixtures/ruby/code (mounted at /var/task), a layer
 * in test/fixtures/ruby/layer (at /opt) with a real minimal gem under ruby/gems/3.3.0 and a plain
 * library under ruby/lib.
 */
const TREES = {
  code: fileURLToPath(new URL('../fixtures/ruby/code', import.meta.url)),
  layer: fileURLToPath(new URL('../fixtures/ruby/layer', import.meta.url)),
};
type Tree = keyof typeof TREES;

const TRACE_ID = expect.stringMatching(/^Root=1-[0-9a-f]{8}-[0-9a-f]{24};Parent=[0-9a-f]{16};Sampled=0$/);
/** Lambda's defaults for ruby3.x (reference: the runtime's environment variables). */
const GEM_PATH = (abi: string): string => `/var/task/vendor/bundle/ruby/${abi}:/opt/ruby/gems/${abi}:/var/runtime:/var/runtime/ruby/${abi}`;
const RUBYLIB = '/var/task:/var/runtime/lib:/opt/ruby/lib';

const ROWS: RuntimeCase<Tree>[] = [
  helloCase('ruby3.4', 'code'),
  {
    runtime: 'ruby3.3',
    handler: 'lambda_function.handler',
    code: 'code',
    layers: ['layer'],
    event: { n: 1 },
    note: 'gem from GEM_PATH, lib from RUBYLIB',
    expected: {
      response: ({ result }) => ({
        gem: 'fixturegem /opt/ruby/gems/3.3.0/gems/fixturegem-1.0',
        lib: 'fixturelib /opt/ruby/lib/fixturelib.rb',
        event: { n: 1 },
        requestId: result.requestId,
        functionName: 'lsim-adhoc',
        memory: '128',
        remainingPositive: true,
        trace: TRACE_ID,
      }),
    },
    log: ({ result }) => [
      'plain puts line\n',
      new RegExp(`I, \\[\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6} #\\d+\\]  INFO ${result.requestId} -- : logger line\\n`),
    ],
  },
  {
    runtime: 'ruby3.3',
    handler: 'lambda_function.Fixture::Handler.process',
    code: 'code',
    layers: ['layer'],
    note: 'a class method',
    expected: { response: { class_method: true, version: '$LATEST' } },
  },
  {
    runtime: 'ruby3.3',
    handler: 'lambda_function.boom',
    code: 'code',
    layers: ['layer'],
    expected: {
      error: {
        errorMessage: 'fixture boom',
        errorType: 'Function<RuntimeError>',
        stackTrace: ["/var/task/lambda_function.rb:19:in `boom'"],
      },
    },
  },
  {
    runtime: 'ruby3.3',
    handler: 'nofile.handler',
    code: 'code',
    layers: ['layer'],
    expected: {
      error: { errorMessage: 'cannot load such file -- nofile', errorType: 'Init<LoadError>', stackTrace: expect.any(Array) },
    },
  },
  {
    runtime: 'ruby3.3',
    handler: 'needs_missing_gem.handler',
    code: 'code',
    layers: ['layer'],
    expected: {
      error: { errorMessage: 'cannot load such file -- not_a_real_gem', errorType: 'Init<LoadError>', stackTrace: expect.any(Array) },
    },
  },
  {
    runtime: 'ruby3.3',
    handler: 'lambda_function.nosuch',
    code: 'code',
    layers: ['layer'],
    // Ruby 3.3's wording: NoMethodError no longer names the receiver's class for main (3.2: "for main:Object").
    expected: {
      error: { errorMessage: "undefined method `nosuch' for main", errorType: 'Function<NoMethodError>', stackTrace: [] },
    },
  },
  {
    runtime: 'ruby3.3',
    handler: 'lambda_function.probe',
    code: 'code',
    layers: ['layer'],
    note: 'default GEM_PATH and RUBYLIB',
    expected: { response: { fixturegem: 'found', fixturelib: 'found', GEM_PATH: GEM_PATH('3.3.0'), RUBYLIB } },
  },
  {
    runtime: 'ruby3.2',
    handler: 'lambda_function.probe',
    code: 'code',
    layers: ['layer'],
    note: 'path bug 6: a layer built for 3.3.0 is not on ruby3.2 GEM_PATH',
    expected: {
      response: { fixturegem: 'cannot load such file -- fixturegem', fixturelib: 'found', GEM_PATH: GEM_PATH('3.2.0'), RUBYLIB },
    },
  },
  {
    runtime: 'ruby3.3',
    handler: 'lambda_function.probe',
    code: 'code',
    layers: ['layer'],
    env: { GEM_PATH: '/var/task/gems', RUBYLIB: '/var/task/mylib' },
    note: 'user values hide /opt',
    expected: {
      response: {
        fixturegem: 'cannot load such file -- fixturegem',
        fixturelib: 'cannot load such file -- fixturelib',
        GEM_PATH: '/var/task/gems',
        RUBYLIB: '/var/task/mylib',
      },
    },
  },
];

describeRuntimeCases('ruby', ROWS, () => TREES);
