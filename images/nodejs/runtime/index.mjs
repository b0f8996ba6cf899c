// lsim Node.js runtime (/var/runtime/index.mjs): loads _HANDLER from LAMBDA_TASK_ROOT and serves invocations
// from the Runtime API at AWS_LAMBDA_RUNTIME_API, behaving like the managed nodejs18.x-22.x runtimes.
import nodeModule from 'node:module';
import { logError, patchConsole, setRequestId } from './lsim/log.mjs';
import { RuntimeApiClient } from './lsim/rapid.mjs';
import { isAsyncFunction, loadHandler } from './lsim/user-function.mjs';
import { NodeJsExit, UnhandledPromiseRejection } from './lsim/errors.mjs';
import { resolveSync } from './lsim/node-path-hook.mjs';

// ES-module imports also search NODE_PATH (nodejs18.x and later). In-thread hooks where Node has them (22.15+):
// module.register's hooks thread runs NODE_OPTIONS' --require and --import preloads a second time, which Lambda,
// having no such thread, never does (docs/deviations.md#node-options-preloads).
if (typeof nodeModule.registerHooks === 'function') nodeModule.registerHooks({ resolve: resolveSync });
else nodeModule.register('./lsim/node-path-hook.mjs', import.meta.url);

patchConsole();
const client = new RuntimeApiClient(process.env.AWS_LAMBDA_RUNTIME_API ?? '127.0.0.1:9001');

// Until the first invocation, failures are init errors.
const onFailure = {
  uncaughtException: (error) => report(() => client.postInitError(error), 129),
  unhandledRejection: (error) => report(() => client.postInitError(error), 128),
};

function report(post, exitCode) {
  post().then(
    () => process.exit(exitCode),
    () => process.exit(exitCode),
  );
}

process.on('uncaughtException', (error) => {
  logError('Uncaught Exception', error);
  onFailure.uncaughtException(error);
});
process.on('unhandledRejection', (reason, promise) => {
  const error = new UnhandledPromiseRejection(reason, promise);
  logError('Unhandled Promise Rejection', error);
  onFailure.unhandledRejection(error);
});

// One 'beforeExit' action at a time: the event loop emptied while an invocation was still open.
let onEmptyEventLoop = null;
process.on('beforeExit', () => {
  const action = onEmptyEventLoop;
  onEmptyEventLoop = null;
  if (action) action();
});

let handler;
try {
  handler = await loadHandler(process.env.LAMBDA_TASK_ROOT ?? '/var/task', process.env._HANDLER ?? '');
} catch (error) {
  logError('Uncaught Exception', error);
  await client.postInitError(error).catch(() => {});
  process.exit(129);
}
const handlerIsAsync = isAsyncFunction(handler);

function scheduleNext() {
  setImmediate(() => {
    handleOne().catch((err) => {
      console.log(`Unexpected Top Level Error: ${err}`);
      onFailure.uncaughtException(err);
    });
  });
}

function fatal(err) {
  // The Runtime API is unreachable: nothing left to report to.
  console.error('Runtime API request failed', err);
  process.exit(1);
}

function parseJsonHeader(value, name) {
  if (value === undefined) return undefined;
  try {
    return JSON.parse(value);
  } catch (err) {
    // Lambda's Node runtime throws this exact error, without a cause, and its serialised form is what users see.
    // eslint-disable-next-line preserve-caught-error
    throw new Error(`Cannot parse ${name} as json: ${err}`);
  }
}

function buildContext(id, headers, callbackContext) {
  const traceId = headers['lambda-runtime-trace-id'];
  if (traceId) process.env._X_AMZN_TRACE_ID = traceId;
  else delete process.env._X_AMZN_TRACE_ID;
  const deadline = Number(headers['lambda-runtime-deadline-ms']);
  return Object.assign(callbackContext, {
    functionVersion: process.env.AWS_LAMBDA_FUNCTION_VERSION,
    functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
    memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    logGroupName: process.env.AWS_LAMBDA_LOG_GROUP_NAME,
    logStreamName: process.env.AWS_LAMBDA_LOG_STREAM_NAME,
    clientContext: parseJsonHeader(headers['lambda-runtime-client-context'], 'ClientContext'),
    identity: parseJsonHeader(headers['lambda-runtime-cognito-identity'], 'CognitoIdentity'),
    invokedFunctionArn: headers['lambda-runtime-invoked-function-arn'],
    awsRequestId: id,
    tenantId: headers['lambda-runtime-aws-tenant-id'],
    getRemainingTimeInMillis: () => deadline - Date.now(),
  });
}

// callback(err, result), context.succeed/fail/done and callbackWaitsForEmptyEventLoop, first call wins.
function buildCallbacks(id) {
  let completed = false;
  let finished = false;
  let waitForEmptyEventLoop = true;

  const postError = (err) => {
    logError('Invoke Error', err);
    client.postError(id, err).then(scheduleNext, fatal);
  };
  const complete = (result) => {
    if (completed) {
      console.error('Invocation has already been reported as done. Cannot call complete more than once per invocation.');
      return;
    }
    completed = true;
    client.postResponse(id, result).then(scheduleNext, (err) => {
      if (err && err.message === 'Unable to stringify response body') {
        completed = false;
        postError(err);
      } else {
        fatal(err);
      }
    });
  };
  const callback = (err, result) => {
    onEmptyEventLoop = null;
    if (err !== undefined && err !== null) postError(err);
    else if (!waitForEmptyEventLoop) complete(result);
    else onEmptyEventLoop = () => setImmediate(() => complete(result));
  };
  const done = (err, result) => {
    onEmptyEventLoop = null;
    if (err !== undefined && err !== null) postError(err);
    else complete(result);
  };
  const once = (fn) =>
    function (...args) {
      if (!finished) {
        fn(...args);
        finished = true;
      }
    };
  const context = {
    get callbackWaitsForEmptyEventLoop() {
      return waitForEmptyEventLoop;
    },
    set callbackWaitsForEmptyEventLoop(value) {
      waitForEmptyEventLoop = value;
    },
    succeed: once((result) => done(null, result)),
    fail: once((err) => (err === undefined || err === null ? done('handled') : done(err, null))),
    done: once(done),
  };
  return { callback: once(callback), context, markCompleted: () => (completed = true) };
}

async function handleOne() {
  const { bodyJson, headers } = await client.next().catch(fatal);
  const id = headers['lambda-runtime-aws-request-id'];
  setRequestId(id);
  const { callback, context, markCompleted } = buildCallbacks(id);

  onFailure.uncaughtException = (error) => report(() => client.postError(id, error), 129);
  onFailure.unhandledRejection = (error) => report(() => client.postError(id, error), 128);
  // The handler neither returned a settled promise nor called back before the event loop emptied.
  onEmptyEventLoop = () => {
    markCompleted();
    if (handlerIsAsync) {
      const error = new NodeJsExit();
      logError('Invoke Error', error);
      client.postError(id, error).then(scheduleNext, fatal);
    } else {
      client.postResponse(id, null).then(scheduleNext, fatal);
    }
  };

  try {
    const result = handler(JSON.parse(bodyJson), buildContext(id, headers, context), callback);
    if (result && typeof result.then === 'function') {
      result.then(context.succeed, context.fail).catch(context.fail);
    }
  } catch (err) {
    callback(err);
  }
}

scheduleNext();
