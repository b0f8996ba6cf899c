/**
 * The python handler rule, as the Python runtime interface client's bootstrap.py `_get_handler` reads the
 * setting (docs/lambda-facts.md#handler-names): `rsplit(".", 1)`, slashes become dots, and the module is
 * imported through sys.path (so a handler module in /opt/python loads too).
 */
import { malformed, searchedRoots, splitOk, type HandlerRule } from './handler-types.js';

export const PYTHON_HANDLER_RULE: HandlerRule = {
  form: 'module.function',
  split: (handler, searchPaths) => {
    const dot = handler.lastIndexOf('.');
    if (dot < 0) {
      return malformed('Runtime.MalformedHandlerName', `Bad handler '${handler}': not enough values to unpack (expected 2, got 1)`);
    }
    const module = handler.slice(0, dot);
    const relative = module.replaceAll('/', '.').split('.').join('/');
    const candidates = searchedRoots(searchPaths, 'sys.path').flatMap((root) => [
      `${root}/${relative}.py`,
      `${root}/${relative}/__init__.py`,
    ]);
    return splitOk({ module, method: handler.slice(dot + 1), namespace: null, candidates });
  },
  missing: {
    // Python names the first package of the dotted path that it could not find: with nothing of the
    // module present, its top-level one.
    module: ({ module }) => ({
      errorType: 'Runtime.ImportModuleError',
      errorMessage: `Unable to import module '${module}': No module named '${module.replaceAll('/', '.').split('.')[0] ?? module}'`,
    }),
    method: ({ module, method }) => ({
      errorType: 'Runtime.HandlerNotFound',
      errorMessage: `Handler '${method ?? ''}' missing on module '${module}'`,
    }),
  },
};
