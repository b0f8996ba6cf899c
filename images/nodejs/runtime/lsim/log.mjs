// console.* patched to Lambda's text (or JSON, with AWS_LAMBDA_LOG_FORMAT=JSON) log records on stdout.
// One record per call: newlines inside a message become carriage returns, as the managed runtime does on stdout.
import util from 'node:util';
import { asError, toLogText } from './errors.mjs';

const REQUEST_ID = Symbol.for('aws.lambda.runtime.requestId');

export function setRequestId(id) {
  globalThis[REQUEST_ID] = id;
}

const LEVELS = {
  TRACE: 1,
  DEBUG: 2,
  INFO: 3,
  WARN: 4,
  ERROR: 5,
  FATAL: 6,
};

function errorFields(value) {
  return {
    errorType: value?.constructor?.name ?? 'UnknownError',
    errorMessage: value.message,
    stackTrace: typeof value.stack === 'string' ? value.stack.split('\n') : value.stack,
  };
}

function jsonRecord(time, level, params) {
  const record = { timestamp: time, level, requestId: globalThis[REQUEST_ID] };
  if (params.length === 1) {
    record.message = params[0];
    try {
      return JSON.stringify(record, (_k, v) => (v instanceof Error ? { ...errorFields(v), ...v } : v));
    } catch {
      record.message = util.format(params[0]);
      return JSON.stringify(record);
    }
  }
  record.message = util.format(...params);
  const firstError = params.find((p) => p instanceof Error);
  if (firstError) Object.assign(record, errorFields(firstError));
  return JSON.stringify(record);
}

export function patchConsole() {
  const json = (process.env.AWS_LAMBDA_LOG_FORMAT ?? '').toUpperCase() === 'JSON';
  const minimum = LEVELS[(process.env.AWS_LAMBDA_LOG_LEVEL ?? '').toUpperCase()] ?? LEVELS.TRACE;
  const write = (level, params) => {
    const time = new Date().toISOString();
    const line = json ? jsonRecord(time, level, params) : `${time}\t${globalThis[REQUEST_ID]}\t${level}\t${util.format(...params)}`;
    process.stdout.write(line.replace(/\n/g, '\r') + '\n');
  };
  const method = (level) => (LEVELS[level] >= minimum ? (...params) => write(level, params) : () => {});
  console.trace = method('TRACE');
  console.debug = method('DEBUG');
  console.info = method('INFO');
  console.log = console.info;
  console.warn = method('WARN');
  console.error = method('ERROR');
  console.fatal = method('FATAL');
  logError = json ? (_label, err) => console.error(asError(err)) : (label, err) => console.error(label, toLogText(asError(err)));
}

// "Uncaught Exception" / "Invoke Error" / "Unhandled Promise Rejection" records.
export let logError = (label, err) => console.error(label, toLogText(asError(err)));
