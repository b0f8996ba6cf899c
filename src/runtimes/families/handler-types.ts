/**
 * The shape of a family's handler rule (docs/lambda-facts.md#handler-names): how its runtime splits the
 * handler setting, which files it tries, and the init errors it raises, in Lambda's exact words. Each
 * family's descriptor states its rule; `parseHandler` (src/runtimes/handler-name.ts), `lsim doctor` and the
 * bootstrap contract suite (test/unit/bootstrap-contract.test.ts) all read it from there.
 */
import type { SearchPath } from '../search-path-rules.js';

/** A handler setting split the way the family's loader splits it. */
export interface HandlerSplit {
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

/** An error document as the runtime posts it: `errorType` is null where the runtime sends none (Java). */
export interface RuntimeErrorText {
  readonly errorType: string | null;
  readonly errorMessage: string;
}

export type HandlerSplitResult =
  { readonly ok: true; readonly handler: HandlerSplit } | { readonly ok: false; readonly error: RuntimeErrorText };

export interface HandlerRule {
  /** The form of the setting, as Lambda's docs print it (`file.export`, `module.function`, ...). */
  readonly form: string;
  /**
   * Splits `handler`. `searchPaths` are the family's search paths once the function's own variables
   * are applied (python imports through sys.path, ruby requires through RUBYLIB).
   */
  readonly split: (handler: string, searchPaths: readonly SearchPath[]) => HandlerSplitResult;
  /**
   * The error document the runtime posts for a handler whose code unit is absent from every place it
   * looks, and for one whose code unit loads but lacks the named function (at init for nodejs, python
   * and ruby's missing file; at the first invoke for java); null where the runtime loads no code unit
   * of its own (provided: the bootstrap is the program).
   */
  readonly missing: {
    readonly module: (handler: HandlerSplit, setting: string) => RuntimeErrorText;
    /** null where the wording is not fixed (it changes with the interpreter's version). */
    readonly method: ((handler: HandlerSplit, setting: string) => RuntimeErrorText) | null;
  } | null;
}

export const splitOk = (handler: HandlerSplit): HandlerSplitResult => ({ ok: true, handler });

export const malformed = (errorType: string | null, errorMessage: string): HandlerSplitResult => ({
  ok: false,
  error: { errorType, errorMessage },
});

/** Roots still searched through `variable` once the user's environment is applied. */
export function searchedRoots(searchPaths: readonly SearchPath[], variable: SearchPath['variable']): string[] {
  const path = searchPaths.find((p) => p.variable === variable);
  return (path?.entries ?? []).filter((e) => e.removedByUser !== true).map((e) => e.path);
}
