/**
 * The java handler rule, as the Java runtime interface client's HandlerInfo.fromString reads the setting
 * (docs/lambda-facts.md#handler-names): split at the last `::`; an empty class or an empty method after `::`
 * is refused with a UserFault that carries no exception class.
 */
import { TASK_ROOT } from '../default-paths.js';
import { malformed, splitOk, type HandlerRule } from './handler-types.js';

/**
 * The Java runtime's class loader URLs: no CLASSPATH variable, top-level jars only, each folder's
 * jars in lexical order (the Java runtime interface client's `CustomerClassLoader.getUrls`, `libRoot="/opt/java"`;
 * docs/lambda-facts.md#search-path-variables).
 */
export const JAVA_LAYER_ROOT = '/opt/java';
export const JAVA_CLASS_PATH_ENTRIES: readonly string[] = [TASK_ROOT, `${TASK_ROOT}/lib/*.jar`, `${JAVA_LAYER_ROOT}/lib/*.jar`];

export const JAVA_HANDLER_RULE: HandlerRule = {
  form: 'package.Class::method or package.Class',
  split: (handler) => {
    const colons = handler.lastIndexOf('::');
    const module = colons < 0 ? handler : handler.slice(0, colons);
    const method = colons < 0 ? null : handler.slice(colons + 2);
    if (module === '' || method === '') return malformed(null, `Invalid handler: \`${handler}'`);
    const entry = `${module.replaceAll('.', '/')}.class`;
    const candidates = JAVA_CLASS_PATH_ENTRIES.map((root) => (root.endsWith('.jar') ? `${root}!/${entry}` : `${root}/${entry}`));
    return splitOk({ module, method, namespace: null, candidates });
  },
  // The Java runtime reports both at the first invoke, not at init; the method error has no errorType.
  missing: {
    module: ({ module }) => ({ errorType: 'java.lang.ClassNotFoundException', errorMessage: `Class not found: ${module}` }),
    method: ({ module, method }) => ({
      errorType: null,
      errorMessage: `No public method named ${method ?? ''} with appropriate method signature found on class ${module}`,
    }),
  },
};
