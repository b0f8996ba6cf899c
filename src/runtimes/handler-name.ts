/**
 * Handler strings read the way each runtime's own loader reads them: the code unit it loads, the
 * files it tries in order, and the init error it raises for a string it cannot split. Each family's
 * rule is stated in its descriptor (src/runtimes/families/<family>-handler.ts); this applies it with the
 * function's own search paths.
 */
import { runtimeInfo, type RuntimeId } from './runtime-catalogue.js';
import { familyRules } from './families/index.js';
import type { HandlerSplit, RuntimeErrorText } from './families/handler-types.js';
import { effectiveSearchPaths } from './search-paths.js';

export type { RuntimeErrorText } from './families/handler-types.js';

export interface ParsedHandler extends HandlerSplit {
  readonly runtime: RuntimeId;
}

/** The init error the runtime reports for a setting it cannot split. */
export type MalformedHandler = RuntimeErrorText;

export type HandlerParseResult =
  { readonly ok: true; readonly handler: ParsedHandler } | { readonly ok: false; readonly error: MalformedHandler };

/**
 * `userEnv` (the function's Environment.Variables) matters where the runtime searches a path:
 * python's sys.path and ruby's RUBYLIB.
 */
export function parseHandler(runtime: RuntimeId, handler: string, userEnv: Readonly<Record<string, string>> = {}): HandlerParseResult {
  const rule = familyRules(runtimeInfo(runtime)).handler;
  const result = rule.split(handler, effectiveSearchPaths(runtime, userEnv));
  return result.ok ? { ok: true, handler: { runtime, ...result.handler } } : result;
}

/**
 * The error document the runtime posts when none of `parsed.candidates` exists, in Lambda's words;
 * undefined where the runtime loads no code unit of its own (provided).
 */
export function missingHandlerError(parsed: ParsedHandler, setting: string): RuntimeErrorText | undefined {
  return familyRules(runtimeInfo(parsed.runtime)).handler.missing?.module(parsed, setting);
}
