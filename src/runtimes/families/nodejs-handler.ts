/**
 * The nodejs handler rule, as the Node.js runtime interface client's UserFunction.js reads the setting
 * (docs/lambda-facts.md#handler-names): `..` anywhere is refused; the basename splits at its first dot; the
 * folder part is resolved against the task root (an absolute folder escapes it). Files are tried
 * extensionless, then .js, .mjs, .cjs; a final `require.resolve` of the bare name (node_modules chain and
 * NODE_PATH) is not listed.
 */
import { posix } from 'node:path';
import { TASK_ROOT } from '../default-paths.js';
import { malformed, splitOk, type HandlerRule } from './handler-types.js';

/** Where the runtime's entry point lives: Node's "Require stack" of a missing handler module names it. */
export const NODE_RUNTIME_ENTRY = '/var/runtime/index.mjs';

export const NODE_HANDLER_RULE: HandlerRule = {
  form: 'file.export',
  split: (handler) => {
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
    return splitOk({ module, method, namespace: null, candidates });
  },
  // Node's own MODULE_NOT_FOUND text, wrapped by the runtime; the export check is the runtime's
  // (docs/lambda-facts.md#handler-names).
  missing: {
    module: ({ module }) => ({
      errorType: 'Runtime.ImportModuleError',
      errorMessage: `Error: Cannot find module '${module}'\nRequire stack:\n- ${NODE_RUNTIME_ENTRY}`,
    }),
    method: (_handler, setting) => ({ errorType: 'Runtime.HandlerNotFound', errorMessage: `${setting} is undefined or not exported` }),
  },
};
