/**
 * The ruby handler rule, as the Ruby runtime interface client's lambda_handler.rb reads the setting
 * (docs/lambda-facts.md#handler-names): two or three dot-separated parts. The file is `require`d with the
 * task root put first on $LOAD_PATH, then RUBYLIB's folders (ruby3.3 reports `cannot load such file --
 * lambda_function`, a bare name). Init errors are typed `Init<Class>`; Ruby 3.2+ appends ` (Class)` to the
 * message as in the real `Init<LoadError>` reports (for ArgumentError by analogy).
 */
import { TASK_ROOT } from '../default-paths.js';
import { malformed, searchedRoots, splitOk, type HandlerRule } from './handler-types.js';

/** Ruby's `String#split('.')`, which drops trailing empty fields. */
function rubySplit(value: string): string[] {
  const parts = value.split('.');
  while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  return parts;
}

export const RUBY_HANDLER_RULE: HandlerRule = {
  form: 'file.method or file.Class.method',
  split: (handler, searchPaths) => {
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
    const roots = [...new Set([TASK_ROOT, ...searchedRoots(searchPaths, 'RUBYLIB')])];
    return splitOk({
      module,
      method: parts.length === 2 ? middle : last,
      namespace: parts.length === 3 ? middle : null,
      candidates: roots.map((root) => `${root}/${module}.rb`),
    });
  },
  // A missing method surfaces only at the first invoke, as Function<NoMethodError>, whose wording each
  // Ruby minor changes (3.3: "for main", 3.4 quotes differently): not stated here.
  missing: {
    module: ({ module }) => ({ errorType: 'Init<LoadError>', errorMessage: `cannot load such file -- ${module}` }),
    method: null,
  },
};
