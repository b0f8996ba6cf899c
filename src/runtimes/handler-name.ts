/**
 * Handler strings read the way each runtime's own loader reads them: the code unit it loads, the
 * files it tries in order, and the init error it raises for a string it cannot split. The
 * splitting rules copy the loaders' quirks on purpose (dots in paths, empty parts, trailing dots).
 */
import { posix } from 'node:path';
import { runtimeInfo, type RuntimeId } from './runtime-catalogue.js';
import { TASK_ROOT } from './default-paths.js';
import { JAVA_CLASS_PATH_ENTRIES } from './families/java.js';
import { effectiveSearchPaths, type SearchPathVariable } from './search-paths.js';

export interface ParsedHandler {
  readonly runtime: RuntimeId;
  /**
   * The code unit as the runtime names it in its errors: node module name (`file`, without its
   * folder), python module (`pkg/mod`), ruby file, java class; the raw string for provided.
   */
  readonly module: string;
  /** Export path (node, may be nested `a.b`), function or method; null for java `pkg.Class` and provided. */
  readonly method: string | null;
  /** Ruby's optional `Mod::Class` part. */
  readonly namespace: string | null;
  /** Files the runtime tries, in order; `<jar glob>!/<entry>` for entries inside class-path jars. */
  readonly candidates: readonly string[];
}

/** The init error the runtime reports: `errorType` is null where the runtime sends none (Java). */
export interface MalformedHandler {
  readonly errorType: string | null;
  readonly errorMessage: string;
}

export type HandlerParseResult =
  { readonly ok: true; readonly handler: ParsedHandler } | { readonly ok: false; readonly error: MalformedHandler };

type Env = Readonly<Record<string, string>>;

const parsed = (handler: ParsedHandler): HandlerParseResult => ({ ok: true, handler });
const malformed = (errorType: string | null, errorMessage: string): HandlerParseResult => ({
  ok: false,
  error: { errorType, errorMessage },
});

/** Roots still searched for a variable once the user's environment is applied. */
function searchedRoots(runtime: RuntimeId, env: Env, variable: SearchPathVariable): string[] {
  const path = effectiveSearchPaths(runtime, env).find((p) => p.variable === variable);
  return (path?.entries ?? []).filter((e) => e.removedByUser !== true).map((e) => e.path);
}

/**
 * The Node.js runtime interface client's UserFunction.js (docs/lambda-facts.md#handler-names): `..`
 * anywhere is refused; the basename splits at its first dot; the folder part is resolved against the
 * task root (an absolute folder escapes it). Files are tried extensionless, then .js, .mjs, .cjs; a
 * final `require.resolve` of the bare name (node_modules chain and NODE_PATH) is not listed.
 */
function parseNode(runtime: RuntimeId, handler: string): HandlerParseResult {
  if (handler.includes('..')) {
    return malformed(
      'Runtime.MalformedHandlerName',
      `'${handler}' is not a valid handler name. Use absolute paths when specifying root directories in handler names.`,
    );
  }
  const base = posix.basename(handler);
  const moduleRoot = handler.substring(0, handler.indexOf(base));
  const match = /^([^.]*)\.(.*)$/.exec(base);
  if (match === null) return malformed('Runtime.MalformedHandlerName', 'Bad handler');
  const [, module = '', method = ''] = match;
  const file = posix.resolve(TASK_ROOT, moduleRoot, module);
  const candidates = ['', '.js', '.mjs', '.cjs'].map((ext) => file + ext);
  return parsed({ runtime, module, method, namespace: null, candidates });
}

/**
 * The Python runtime interface client's bootstrap.py `_get_handler` (docs/lambda-facts.md#handler-names):
 * `rsplit(".", 1)`, slashes become dots, and the module is imported through sys.path (so a handler
 * module in /opt/python loads too).
 */
function parsePython(runtime: RuntimeId, handler: string, env: Env): HandlerParseResult {
  const dot = handler.lastIndexOf('.');
  if (dot < 0) {
    return malformed('Runtime.MalformedHandlerName', `Bad handler '${handler}': not enough values to unpack (expected 2, got 1)`);
  }
  const module = handler.slice(0, dot);
  const relative = module.replaceAll('/', '.').split('.').join('/');
  const candidates = searchedRoots(runtime, env, 'sys.path').flatMap((root) => [
    `${root}/${relative}.py`,
    `${root}/${relative}/__init__.py`,
  ]);
  return parsed({ runtime, module, method: handler.slice(dot + 1), namespace: null, candidates });
}

/** Ruby's `String#split('.')`, which drops trailing empty fields. */
function rubySplit(value: string): string[] {
  const parts = value.split('.');
  while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  return parts;
}

/**
 * The Ruby runtime interface client's lambda_handler.rb (docs/lambda-facts.md#handler-names): two or
 * three dot-separated parts. The file is `require`d with the task root put first on $LOAD_PATH, then
 * RUBYLIB's folders (ruby3.3 reports `cannot load such file -- lambda_function`, a bare name). Init
 * errors are typed `Init<Class>`; Ruby 3.2+ appends ` (Class)` to the message as in the real
 * `Init<LoadError>` reports (for ArgumentError by analogy).
 */
function parseRuby(runtime: RuntimeId, handler: string, env: Env): HandlerParseResult {
  const parts = rubySplit(handler);
  if (parts.length !== 2 && parts.length !== 3) {
    const inspected = `[${parts.map((p) => JSON.stringify(p)).join(', ')}]`;
    return malformed(
      'Init<ArgumentError>',
      `Invalid handler ${inspected}, must be of form FILENAME.METHOD or FILENAME.CLASS.METHOD where FILENAME ` +
        'corresponds with an existing Ruby source file FILENAME.rb, CLASS is an optional module/class namespace ' +
        'and METHOD is a callable method. If using CLASS, METHOD must be a class-level method. (ArgumentError)',
    );
  }
  const [module = '', middle = '', last = ''] = parts;
  const roots = [...new Set([TASK_ROOT, ...searchedRoots(runtime, env, 'RUBYLIB')])];
  return parsed({
    runtime,
    module,
    method: parts.length === 2 ? middle : last,
    namespace: parts.length === 3 ? middle : null,
    candidates: roots.map((root) => `${root}/${module}.rb`),
  });
}

/**
 * The Java runtime interface client's HandlerInfo.fromString (docs/lambda-facts.md#handler-names): split
 * at the last `::`; an empty class or an empty method after `::` is refused with a UserFault that carries
 * no exception class.
 */
function parseJava(runtime: RuntimeId, handler: string): HandlerParseResult {
  const colons = handler.lastIndexOf('::');
  const module = colons < 0 ? handler : handler.slice(0, colons);
  const method = colons < 0 ? null : handler.slice(colons + 2);
  if (module === '' || method === '') return malformed(null, `Invalid handler: \`${handler}'`);
  const entry = `${module.replaceAll('.', '/')}.class`;
  const candidates = JAVA_CLASS_PATH_ENTRIES.map((root) => (root.endsWith('.jar') ? `${root}!/${entry}` : `${root}/${entry}`));
  return parsed({ runtime, module, method, namespace: null, candidates });
}

/**
 * `userEnv` (the function's Environment.Variables) matters where the runtime searches a path:
 * python's sys.path and ruby's RUBYLIB.
 */
export function parseHandler(runtime: RuntimeId, handler: string, userEnv: Env = {}): HandlerParseResult {
  switch (runtimeInfo(runtime).family) {
    case 'nodejs':
      return parseNode(runtime, handler);
    case 'python':
      return parsePython(runtime, handler, userEnv);
    case 'ruby':
      return parseRuby(runtime, handler, userEnv);
    case 'java':
      return parseJava(runtime, handler);
    case 'provided':
      // The handler is only passed on in _HANDLER; what runs is the bootstrap (docs/lambda-facts.md#custom-runtime-bootstrap).
      return parsed({
        runtime,
        module: handler,
        method: null,
        namespace: null,
        candidates: [`${TASK_ROOT}/bootstrap`, '/opt/bootstrap'],
      });
  }
}
