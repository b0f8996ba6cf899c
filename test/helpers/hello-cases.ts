import { runtimeInfo, type RuntimeId } from '../../src/runtimes/runtime-catalogue.js';
import type { RuntimeCase } from './runtime-cases.js';

/**
 * The hello case of a runtime id: the smallest invoke, answered by the interpreter the family
 * descriptor names (src/runtimes/families/), so a row fails if an image runs another one. The
 * runtime-cases tables hold it for a representative set of ids; `npm run test:matrix` runs it for
 * every id lsim invokes. `code` is the tree with the family's hello handler.
 */
export function helloCase<Tree extends string>(runtime: RuntimeId, code: Tree): RuntimeCase<Tree> {
  const info = runtimeInfo(runtime);
  const version = info.interpreter?.version ?? '';
  const base = {
    runtime,
    code,
    note: `hello: ${info.interpreter === null ? 'the function bootstrap' : `${info.interpreter.command} ${version}`}`,
  };
  switch (info.family) {
    case 'nodejs':
      return { ...base, handler: 'hello.handler', expected: { response: { hello: 'lsim', version: `v${version}` } } };
    case 'python':
    case 'ruby':
      return { ...base, handler: 'hello.handler', expected: { response: { hello: 'lsim', version } } };
    case 'java':
      return { ...base, handler: 'example.Hello::handleRequest', expected: { response: { hello: 'lsim', version } } };
    case 'provided':
      return { ...base, handler: 'hello', expected: { response: { bootstrap: '/var/task/bootstrap', handler: 'hello', event: {} } } };
  }
}
