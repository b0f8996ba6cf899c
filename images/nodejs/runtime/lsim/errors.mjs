// Error types and wire shapes of the Lambda Node.js runtime.
import util from 'node:util';

function looksLikeError(value) {
  return Boolean(
    value &&
    typeof value.name === 'string' &&
    typeof value.message === 'string' &&
    typeof value.stack === 'string' &&
    value.name &&
    value.message &&
    value.stack,
  );
}

// Body posted to /error and /init/error: {"errorType","errorMessage","trace"}.
export function toRuntimeApiError(error) {
  try {
    if (util.types.isNativeError(error) || looksLikeError(error)) {
      return { errorType: error.name, errorMessage: error.message, trace: error.stack.split('\n') };
    }
    return { errorType: typeof error, errorMessage: String(error), trace: [] };
  } catch {
    return {
      errorType: 'handled',
      errorMessage:
        'callback called with Error argument, but there was a problem while retrieving one or more of its message, name, and stack',
    };
  }
}

function withVisibleFields(value) {
  if (!(value instanceof Error)) return value;
  const shown = { errorType: value.name, errorMessage: value.message, code: value.code, ...value };
  if (typeof value.stack === 'string') shown.stack = value.stack.split('\n');
  return shown;
}

// The tab-prefixed JSON the runtime appends to "Uncaught Exception" / "Invoke Error" log records.
export function toLogText(error) {
  try {
    return '\t' + JSON.stringify(error, (_key, value) => withVisibleFields(value));
  } catch {
    return '\t' + JSON.stringify(toRuntimeApiError(error));
  }
}

export function asError(value) {
  return value instanceof Error ? value : new Error(value);
}

function runtimeError(name) {
  const cls = { [name]: class extends Error {} }[name];
  cls.prototype.name = `Runtime.${name}`;
  return cls;
}

export const ImportModuleError = runtimeError('ImportModuleError');
export const HandlerNotFound = runtimeError('HandlerNotFound');
export const MalformedHandlerName = runtimeError('MalformedHandlerName');
export const UserCodeSyntaxError = runtimeError('UserCodeSyntaxError');
export const CallbackHandlerDeprecated = runtimeError('CallbackHandlerDeprecated');

export class UnhandledPromiseRejection extends Error {
  constructor(reason, promise) {
    super(reason);
    this.reason = reason;
    this.promise = promise;
  }
}
UnhandledPromiseRejection.prototype.name = 'Runtime.UnhandledPromiseRejection';

export class NodeJsExit extends Error {
  constructor() {
    super(
      'The Lambda runtime client detected an unexpected Node.js exit code. This is most commonly caused by a ' +
        'Promise that was never settled. For more information, see https://nodejs.org/docs/latest/api/process.html#exit-codes',
    );
  }
}
NodeJsExit.prototype.name = 'Runtime.NodeJsExit';
