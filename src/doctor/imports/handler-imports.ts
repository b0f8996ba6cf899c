import { familyRules } from '../../runtimes/families/index.js';
import { missingHandlerError, parseHandler, type RuntimeErrorText } from '../../runtimes/handler-name.js';
import type { CheckContext } from '../checks/check-context.js';
import { scanImports } from './import-scanner.js';
import { resolveModule, type ImportResolution } from './module-resolver.js';

/** A handler file bigger than this is not scanned: its imports are at the top anyway. */
const MAX_SCANNED_BYTES = 1024 * 1024;

export interface HandlerImports {
  /** The handler file found in the sandbox, when the runtime has one to look for. */
  readonly handlerPath?: string | undefined;
  /** The files the runtime would try, when none of them exists. */
  readonly handlerMissing?: readonly string[] | undefined;
  /** What the runtime reports then, in Lambda's words (from the family's handler rule). */
  readonly handlerMissingError?: RuntimeErrorText | undefined;
  /** The handler setting the runtime cannot split: its form and the init error it raises. */
  readonly handlerMalformed?: { readonly form: string; readonly error: RuntimeErrorText } | undefined;
  readonly resolutions: readonly ImportResolution[];
}

/**
 * `--imports` when given, else the imports at the top of the handler file, each resolved the way
 * the runtime would resolve it.
 */
export async function handlerImports(ctx: CheckContext): Promise<HandlerImports> {
  const { subject, info, view, searchPaths } = ctx;
  let handlerPath: string | undefined;
  let handlerMissing: string[] | undefined;
  let handlerMissingError: RuntimeErrorText | undefined;
  let handlerMalformed: HandlerImports['handlerMalformed'];
  let names = subject.imports ?? [];
  const scannable = info.family === 'nodejs' || info.family === 'python' || info.family === 'ruby';
  const parsed = subject.handler === undefined ? undefined : parseHandler(subject.runtime, subject.handler, subject.userEnv);
  if (parsed?.ok === false) handlerMalformed = { form: familyRules(info).handler.form, error: parsed.error };
  if (parsed?.ok === true && subject.handler !== undefined && subject.code !== undefined && scannable) {
    handlerPath = parsed.handler.candidates.find((path) => view.isFile(path));
    if (handlerPath === undefined) {
      handlerMissing = [...parsed.handler.candidates];
      handlerMissingError = missingHandlerError(parsed.handler, subject.handler);
    }
  }
  if (subject.imports === undefined && handlerPath !== undefined) {
    const node = view.get(handlerPath);
    if (node !== undefined && node.entry.type === 'file') {
      const text = (await node.source.read(node.entry.path, 0, Math.min(node.entry.size, MAX_SCANNED_BYTES))).toString('utf8');
      names = scanImports(info.family, text);
    }
  }
  const resolutions = names.map((name) => resolveModule({ info, view, searchPaths, handlerPath }, name));
  return { handlerPath, handlerMissing, handlerMissingError, handlerMalformed, resolutions };
}
