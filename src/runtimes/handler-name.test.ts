import { describe, expect, it } from 'vitest';
import { missingHandlerError, parseHandler, type HandlerParseResult, type MalformedHandler, type ParsedHandler } from './handler-name.js';
import type { RuntimeId } from './runtime-catalogue.js';

const ok = (result: HandlerParseResult): ParsedHandler => {
  if (!result.ok) throw new Error(`expected a parsed handler, got ${result.error.errorMessage}`);
  return result.handler;
};
const bad = (result: HandlerParseResult): MalformedHandler => {
  if (result.ok) throw new Error(`expected a malformed handler, got ${result.handler.module}`);
  return result.error;
};

describe('parseHandler', () => {
  describe('nodejs', () => {
    it('splits file.export and lists the files tried, in order', () => {
      expect(ok(parseHandler('nodejs18.x', 'index.handler'))).toEqual({
        runtime: 'nodejs18.x',
        module: 'index',
        method: 'handler',
        namespace: null,
        candidates: ['/var/task/index', '/var/task/index.js', '/var/task/index.mjs', '/var/task/index.cjs'],
      });
    });

    it('resolves a folder against the task root and names the module without it', () => {
      const handler = ok(parseHandler('nodejs20.x', 'src/api/app.handler'));
      expect(handler.module).toBe('app');
      expect(handler.candidates).toEqual([
        '/var/task/src/api/app',
        '/var/task/src/api/app.js',
        '/var/task/src/api/app.mjs',
        '/var/task/src/api/app.cjs',
      ]);
    });

    it('keeps nested export paths after the first dot', () => {
      expect(ok(parseHandler('nodejs22.x', 'index.handlers.main'))).toMatchObject({ module: 'index', method: 'handlers.main' });
    });

    it('lets an absolute folder escape the task root', () => {
      expect(ok(parseHandler('nodejs18.x', '/opt/nodejs/index.handler')).candidates[1]).toBe('/opt/nodejs/index.js');
    });

    it('splits only the basename: dots in folders are not separators', () => {
      expect(ok(parseHandler('nodejs18.x', 'v1.2/index.handler'))).toMatchObject({
        module: 'index',
        method: 'handler',
        candidates: expect.arrayContaining(['/var/task/v1.2/index.js']) as unknown,
      });
    });

    it.each(['index', 'dir/index', '', 'a.b/index'])('refuses %j with Bad handler', (handler) => {
      expect(bad(parseHandler('nodejs18.x', handler))).toEqual({
        errorType: 'Runtime.MalformedHandlerName',
        errorMessage: 'Bad handler',
      });
    });

    it.each(['../index.handler', 'index..handler', 'a/../b.handler'])('refuses the relative path %j', (handler) => {
      expect(bad(parseHandler('nodejs20.x', handler))).toEqual({
        errorType: 'Runtime.MalformedHandlerName',
        errorMessage: `'${handler}' is not a valid handler name. Use absolute paths when specifying root directories in handler names.`,
      });
    });

    it('accepts an empty export name, which fails later as HandlerNotFound', () => {
      expect(ok(parseHandler('nodejs18.x', 'index.'))).toMatchObject({ module: 'index', method: '' });
    });
  });

  describe('python', () => {
    it('splits at the last dot and searches every sys.path root', () => {
      expect(ok(parseHandler('python3.12', 'lambda_function.lambda_handler'))).toEqual({
        runtime: 'python3.12',
        module: 'lambda_function',
        method: 'lambda_handler',
        namespace: null,
        candidates: [
          '/var/task/lambda_function.py',
          '/var/task/lambda_function/__init__.py',
          '/opt/python/lib/python3.12/site-packages/lambda_function.py',
          '/opt/python/lib/python3.12/site-packages/lambda_function/__init__.py',
          '/opt/python/lambda_function.py',
          '/opt/python/lambda_function/__init__.py',
          '/var/runtime/lambda_function.py',
          '/var/runtime/lambda_function/__init__.py',
        ],
      });
    });

    it.each(['pkg/mod.func', 'pkg.mod.func'])('turns %s into a package path', (handler) => {
      const parsed = ok(parseHandler('python3.9', handler));
      expect(parsed.method).toBe('func');
      expect(parsed.candidates.slice(0, 2)).toEqual(['/var/task/pkg/mod.py', '/var/task/pkg/mod/__init__.py']);
    });

    it('keeps the module as written, for "Unable to import module" messages', () => {
      expect(ok(parseHandler('python3.11', 'pkg/mod.func')).module).toBe('pkg/mod');
    });

    it('no longer looks in /opt once the user set PYTHONPATH', () => {
      const candidates = ok(parseHandler('python3.11', 'app.handler', { PYTHONPATH: '/var/task/src' })).candidates;
      expect(candidates).toEqual([
        '/var/task/app.py',
        '/var/task/app/__init__.py',
        '/var/runtime/app.py',
        '/var/runtime/app/__init__.py',
        '/var/task/src/app.py',
        '/var/task/src/app/__init__.py',
      ]);
    });

    it('refuses a handler without a dot with the runtime message', () => {
      expect(bad(parseHandler('python3.13', 'handler'))).toEqual({
        errorType: 'Runtime.MalformedHandlerName',
        errorMessage: "Bad handler 'handler': not enough values to unpack (expected 2, got 1)",
      });
    });
  });

  describe('ruby', () => {
    it('splits file.method and looks in the task root, then RUBYLIB', () => {
      expect(ok(parseHandler('ruby3.3', 'lambda_function.lambda_handler'))).toEqual({
        runtime: 'ruby3.3',
        module: 'lambda_function',
        method: 'lambda_handler',
        namespace: null,
        candidates: ['/var/task/lambda_function.rb', '/var/runtime/lib/lambda_function.rb', '/opt/ruby/lib/lambda_function.rb'],
      });
    });

    it('splits file.Mod::Class.method', () => {
      expect(ok(parseHandler('ruby3.2', 'app.Shop::Orders.handle'))).toMatchObject({
        module: 'app',
        namespace: 'Shop::Orders',
        method: 'handle',
      });
    });

    it('keeps folders in the file part', () => {
      expect(ok(parseHandler('ruby3.2', 'lib/app.handle')).candidates[0]).toBe('/var/task/lib/app.rb');
    });

    it('follows a user RUBYLIB', () => {
      expect(ok(parseHandler('ruby3.3', 'app.h', { RUBYLIB: '/var/task/lib' })).candidates).toEqual([
        '/var/task/app.rb',
        '/var/task/lib/app.rb',
      ]);
    });

    it.each<[string, string]>([
      ['handler', '["handler"]'],
      ['a.b.c.d', '["a", "b", "c", "d"]'],
      ['handler.', '["handler"]'],
      ['', '[]'],
    ])('refuses %j, quoting the split as Ruby inspects it', (handler, inspected) => {
      const error = bad(parseHandler('ruby3.3', handler));
      expect(error.errorType).toBe('Init<ArgumentError>');
      expect(error.errorMessage).toBe(
        `Invalid handler ${inspected}, must be of form FILENAME.METHOD or FILENAME.CLASS.METHOD where FILENAME ` +
          'corresponds with an existing Ruby source file FILENAME.rb, CLASS is an optional module/class namespace ' +
          'and METHOD is a callable method. If using CLASS, METHOD must be a class-level method. (ArgumentError)',
      );
    });

    it('counts inner empty fields, as Ruby does', () => {
      expect(ok(parseHandler('ruby3.2', 'a..b'))).toMatchObject({ module: 'a', namespace: '', method: 'b' });
    });
  });

  describe('java', () => {
    it('splits pkg.Class::method and looks in the class path in order', () => {
      expect(ok(parseHandler('java21', 'example.Hello::handleRequest'))).toEqual({
        runtime: 'java21',
        module: 'example.Hello',
        method: 'handleRequest',
        namespace: null,
        candidates: [
          '/var/task/example/Hello.class',
          '/var/task/lib/*.jar!/example/Hello.class',
          '/opt/java/lib/*.jar!/example/Hello.class',
        ],
      });
    });

    it('accepts pkg.Class alone (RequestHandler implementations)', () => {
      expect(ok(parseHandler('java11', 'com.acme.Handler'))).toMatchObject({ module: 'com.acme.Handler', method: null });
    });

    it('splits at the last ::', () => {
      expect(ok(parseHandler('java17', 'a::b::c'))).toMatchObject({ module: 'a::b', method: 'c' });
    });

    it('maps nested classes to their $ class file', () => {
      expect(ok(parseHandler('java17', 'a.Outer$Inner::m')).candidates[0]).toBe('/var/task/a/Outer$Inner.class');
    });

    it.each(['', '::handle', 'example.Hello::'])('refuses %j as an invalid handler', (handler) => {
      expect(bad(parseHandler('java17', handler))).toEqual({ errorType: null, errorMessage: `Invalid handler: \`${handler}'` });
    });
  });

  it.each<RuntimeId>(['provided.al2', 'provided.al2023'])('takes anything on %s and looks for the bootstrap', (runtime) => {
    expect(ok(parseHandler(runtime, 'not.used here'))).toEqual({
      runtime,
      module: 'not.used here',
      method: null,
      namespace: null,
      candidates: ['/var/task/bootstrap', '/opt/bootstrap'],
    });
  });

  describe('missingHandlerError: the runtime’s own words for a handler file that is nowhere', () => {
    it.each<[RuntimeId, string, ReturnType<typeof missingHandlerError>]>([
      [
        'nodejs22.x',
        'src/app.handler',
        {
          errorType: 'Runtime.ImportModuleError',
          errorMessage: "Error: Cannot find module 'app'\nRequire stack:\n- /var/runtime/index.mjs",
        },
      ],
      [
        'python3.12',
        'pkg/mod.handler',
        { errorType: 'Runtime.ImportModuleError', errorMessage: "Unable to import module 'pkg/mod': No module named 'pkg'" },
      ],
      ['ruby3.3', 'lambda_function.handler', { errorType: 'Init<LoadError>', errorMessage: 'cannot load such file -- lambda_function' }],
      [
        'java21',
        'example.Hello::handle',
        { errorType: 'java.lang.ClassNotFoundException', errorMessage: 'Class not found: example.Hello' },
      ],
      ['provided.al2023', 'anything', undefined],
    ])('%s %s', (runtime, setting, expected) => {
      expect(missingHandlerError(ok(parseHandler(runtime, setting)), setting)).toEqual(expected);
    });
  });
});
